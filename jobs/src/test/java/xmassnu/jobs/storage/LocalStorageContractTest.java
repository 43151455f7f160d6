package xmassnu.jobs.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the local disk (file: URIs and plain paths). */
class LocalStorageContractTest extends StorageContract {
    @TempDir
    Path tmp;
    private int n;

    @Override
    Storage storage() {
        return Storage.local();
    }

    @Override
    boolean renameIsAtomic() {
        return true;
    }

    @Override
    Location scratch() {
        try {
            return Location.local(Files.createDirectories(tmp.resolve("s" + n++)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
