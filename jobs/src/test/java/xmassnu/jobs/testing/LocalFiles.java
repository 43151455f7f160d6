package xmassnu.jobs.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import xmassnu.jobs.storage.Location;
import xmassnu.jobs.storage.Storage;

/** Test support: files (name -> bytes) written into a local directory the way a stage writes them, through Storage. */
public final class LocalFiles {
    private LocalFiles() {}

    public static List<Path> write(Map<String, byte[]> files, Path dir) {
        Storage storage = Storage.local();
        List<Path> out = new ArrayList<>();
        files.forEach((name, bytes) -> {
            storage.write(Location.local(dir.resolve(name)), bytes);
            out.add(dir.resolve(name));
        });
        return out;
    }
}
