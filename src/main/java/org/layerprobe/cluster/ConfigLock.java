package org.layerprobe.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.layerprobe.LayerprobeException;
import org.layerprobe.results.TempFiles;

/**
 * Exclusive right to run one configuration, held as an operating-system lock on a small file
 * ({@code fcntl} on Linux, which NFS carries through its lock manager). The kernel drops the lock
 * when its process dies, however it dies (kill -9, a node lost from the cluster once its NFS lease
 * expires), so a crashed writer can never leave a configuration locked: the file stays, the lock
 * does not, and the next process simply takes it. The file names the holder, for the message a
 * second writer prints. A file system without locks is an error, not a silent free-for-all.
 */
public final class ConfigLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ConfigLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code file} if nobody holds it; empty when another process (or thread) does. */
    public static Optional<ConfigLock> tryAcquire(Path file) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another thread of this process
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(describeSelf().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return Optional.of(new ConfigLock(file, channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw LayerprobeException.withFix(
                    "cannot lock " + file + " (" + e.getMessage() + ")",
                    "run where the report directory is on a file system with POSIX locks (local disk, NFS with"
                            + " its lock manager, Lustre mounted with -o flock), or give each process its own --reports");
        }
    }

    /** Who holds (or last held) the lock on {@code file}, as written by its holder; empty if unknown. */
    public static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String describeSelf() {
        ProcessHandle self = ProcessHandle.current();
        return "pid " + self.pid() + " on " + TempFiles.hostName() + " since " + Instant.now();
    }

    /**
     * Releases the lock; with {@code finished} the file is removed too. That is safe because every
     * holder checks for the finished result after taking a lock, so a process still waiting on the
     * removed file finds the result and does nothing.
     */
    public void release(boolean finished) {
        try {
            if (finished) {
                Files.deleteIfExists(file);
            }
            lock.release();
        } catch (IOException e) {
            // The lock goes with the channel below in any case.
        } finally {
            closeQuietly(channel);
        }
    }

    @Override
    public void close() {
        release(false);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
