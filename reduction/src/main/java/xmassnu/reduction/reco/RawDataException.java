package xmassnu.reduction.reco;

/** Bad raw data, located: which file, run, event and field, and what is wrong. */
public final class RawDataException extends IllegalArgumentException {
    private final String file;
    private final int runId;
    private final long eventId;
    private final String field;

    public RawDataException(String file, int runId, long eventId, String field, String problem) {
        super(file + ": run " + runId + (eventId >= 0 ? ", event " + eventId : "") + (field != null ? ", field "
                + field : "") + ": " + problem);
        this.file = file;
        this.runId = runId;
        this.eventId = eventId;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public int runId() {
        return runId;
    }

    public long eventId() {
        return eventId;
    }

    public String field() {
        return field;
    }
}
