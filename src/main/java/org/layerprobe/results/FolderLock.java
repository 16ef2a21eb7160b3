package org.layerprobe.results;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.layerprobe.LayerprobeException;

/**
 * Exclusive right to write a folder's files as one set, held as an operating-system lock on a
 * hidden file in it; a second writer (another process, or another thread of this one) waits until
 * the first is done, so a folder never ends with some files of one writer and some of another.
 * The kernel drops the lock when its process dies, however it dies.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file in a locked folder. */
    public static final String FILE = ".write.lock";

    private static final long POLL_MILLIS = 50;

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for and takes the lock on {@code dir} (created if needed). */
    public static FolderLock hold(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(
                    dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                while (true) {
                    FileLock lock;
                    try {
                        lock = channel.tryLock();
                    } catch (OverlappingFileLockException e) {
                        lock = null; // held by another thread of this process
                    }
                    if (lock != null) {
                        return new FolderLock(channel, lock);
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                channel.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
        } catch (IOException | InterruptedException e) {
            throw LayerprobeException.withFix(
                    "cannot lock " + dir + " for writing: " + e.getMessage(),
                    "write to a local folder whose file system supports locks");
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case.
        }
    }
}
