package xmassnu.jobs.raw;

import xmassnu.jobs.config.Json;
import xmassnu.jobs.errors.XmassException;
import xmassnu.jobs.stage.CommittedStage;
import xmassnu.jobs.stage.StageOutput;
import xmassnu.jobs.storage.Storage;
import xmassnu.reduction.detector.DetectorModel;

/**
 * The detector the raw data come from, {@code raw/_detector.json}: geometry, optics, electronics (the
 * {@link DetectorModel} fields). Written with the raw data (by the simulation, or by a DAQ converter), read by every
 * stage that needs the detector, so that the one description the data carry reaches reduce, select and spectra alike.
 */
public final class DetectorRecord {
    public static final String FILE = "_detector.json";

    private DetectorRecord() {}

    public static void write(StageOutput raw, DetectorModel detector) {
        raw.writeJson(FILE, Json.MAPPER.valueToTree(detector));
    }

    public static DetectorModel read(Storage storage, CommittedStage raw) {
        try {
            return Json.MAPPER.treeToValue(raw.readJson(storage, FILE), DetectorModel.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw XmassException.badInput(raw.dir().resolve(FILE) + ": not a valid detector description: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
