package dev.vellum.sqlite;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** An 8 MiB tmpfs for the disk-full tests to fill; mounting needs root, and without it the test is skipped. */
public final class SmallFileSystem {

    private SmallFileSystem() {
    }

    /** Mounts one at {@code parent/small} and answers it; skips the calling test when it cannot. */
    public static Path mount(Path parent) throws Exception {
        Path mount = Files.createDirectory(parent.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, () -> "Skipped: this test mounts an 8 MiB tmpfs to fill it, which needs root "
                + "(mount said: " + out.strip() + ")");
        return mount;
    }

    /** Unmounts {@code mount} (lazily, so an open file does not keep it). */
    public static void unmount(Path mount) throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
