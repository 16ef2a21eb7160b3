package org.layerprobe.cluster;

import java.nio.file.Path;

/** A separate process for {@link ConfigLockTest}: takes a lock, says so, and waits to be killed. */
public final class LockHolder {

    private LockHolder() {}

    public static void main(String[] args) throws InterruptedException {
        ConfigLock lock = ConfigLock.tryAcquire(Path.of(args[0])).orElseThrow();
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
        lock.close();
    }
}
