package org.layerprobe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerprobe.probe.ProbeResult;

/**
 * The package order of docs/architecture.md, checked on the compiled classes: each package may
 * use only the packages listed for it (the root package's exception is open to all). Data flows
 * one way: a probe never sees a model or the trainer, a report sees rows and statistics, never
 * solver or engine types.
 */
class ArchitectureTest {

    /** Each package and the project packages it may depend on, lowest first. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("results", Set.of());
        ALLOWED.put("spec", Set.of());
        ALLOWED.put("stats", Set.of());
        ALLOWED.put("engine.host", Set.of());
        ALLOWED.put("engine", Set.of("results", "engine.host"));
        ALLOWED.put("data.fetch", Set.of("results"));
        ALLOWED.put("data", Set.of("results", "data.fetch"));
        ALLOWED.put("nets", Set.of());
        ALLOWED.put("cluster", Set.of("results"));
        ALLOWED.put("hooks", Set.of("nets"));
        ALLOWED.put("train", Set.of("results", "spec", "engine", "data", "data.fetch", "nets", "hooks"));
        ALLOWED.put("probe.states", Set.of("results", "spec", "stats", "data", "nets", "hooks"));
        ALLOWED.put("probe.solver", Set.of("results", "spec", "stats", "data", "nets", "hooks", "probe.states"));
        ALLOWED.put(
                "probe", Set.of("results", "spec", "stats", "data", "nets", "hooks", "probe.states", "probe.solver"));
        ALLOWED.put("metrics", Set.of("results", "data", "nets", "hooks", "probe", "probe.states", "probe.solver"));
        ALLOWED.put("bench", Set.of("results", "data", "nets", "hooks", "probe", "probe.states", "probe.solver"));
        ALLOWED.put("report.table", Set.of("results", "stats", "metrics", "nets"));
        ALLOWED.put("report.chart", Set.of("results", "stats", "metrics", "nets", "report.table"));
        ALLOWED.put("report.page", Set.of("results", "stats", "metrics", "nets", "report.table", "report.chart"));
        ALLOWED.put(
                "report", Set.of("results", "stats", "metrics", "nets", "report.table", "report.chart", "report.page"));
        ALLOWED.put(
                "study",
                Set.of(
                        "results",
                        "spec",
                        "stats",
                        "data",
                        "data.fetch",
                        "nets",
                        "hooks",
                        "train",
                        "probe",
                        "probe.states",
                        "probe.solver",
                        "metrics",
                        "report",
                        "report.table",
                        "report.chart",
                        "report.page"));
        ALLOWED.put(
                "experiment",
                Set.of(
                        "results",
                        "spec",
                        "stats",
                        "engine",
                        "data",
                        "data.fetch",
                        "nets",
                        "cluster",
                        "hooks",
                        "train",
                        "probe",
                        "probe.states",
                        "probe.solver",
                        "metrics",
                        "report",
                        "report.table",
                        "report.chart",
                        "report.page",
                        "study"));
        // The command line may use everything: every package above, itself excepted.
        ALLOWED.put("cli", Set.copyOf(ALLOWED.keySet()));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.layerprobe");
    }

    /** The rule for one package: no dependency on a project package outside its list. */
    static ArchRule onlyAllowedDependencies(String pkg) {
        List<String> forbidden = new ArrayList<>();
        for (String other : ALLOWED.keySet()) {
            if (!other.equals(pkg) && !ALLOWED.get(pkg).contains(other) && !other.startsWith(pkg + ".")) {
                // A package with rooms of its own in the order (probe) is forbidden by itself alone;
                // its rooms are forbidden or allowed by their own entries.
                boolean hasRooms = ALLOWED.keySet().stream().anyMatch(k -> k.startsWith(other + "."));
                forbidden.add("org.layerprobe." + other + (hasRooms ? "" : ".."));
            }
        }
        return noClasses()
                .that()
                .resideInAPackage("org.layerprobe." + pkg + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new))
                .because(pkg + " may use only "
                        + (ALLOWED.get(pkg).isEmpty()
                                ? "the root package (it is a leaf)"
                                : ALLOWED.get(pkg) + " (docs/architecture.md)"));
    }

    @Test
    void everyPackageUsesOnlyThePackagesBelowItInTheOrder() {
        for (String pkg : ALLOWED.keySet()) {
            onlyAllowedDependencies(pkg).check(classes);
        }
    }

    @Test
    void everyProjectPackageIsInTheOrder() {
        Set<String> known = ALLOWED.keySet();
        classes.forEach(c -> {
            String rest = c.getPackageName().replaceFirst("^org\\.layerprobe\\.?", "");
            String top = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            assertTrue(top.isEmpty() || known.contains(top), c.getName() + " is in a package the order does not name");
        });
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.layerprobe.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("org.layerprobe.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * No two classes depend on each other (a nested class counts as its outer class): a pair that
     * does is one concept split in two files, or two concepts that should meet in a third.
     */
    @Test
    void noTwoClassesDependOnEachOther() {
        Map<String, Set<String>> uses = new java.util.TreeMap<>();
        classes.forEach(c -> {
            String from = outer(c.getName());
            c.getDirectDependenciesFromSelf().forEach(d -> {
                String to = outer(d.getTargetClass().getName());
                if (to.startsWith("org.layerprobe.") && !to.equals(from)) {
                    uses.computeIfAbsent(from, k -> new java.util.TreeSet<>()).add(to);
                }
            });
        });
        List<String> pairs = new ArrayList<>();
        uses.forEach((a, targets) -> targets.forEach(b -> {
            if (a.compareTo(b) < 0 && uses.getOrDefault(b, Set.of()).contains(a)) {
                pairs.add(a + " <-> " + b);
            }
        }));
        assertTrue(pairs.isEmpty(), "classes that depend on each other:\n" + String.join("\n", pairs));
    }

    private static String outer(String name) {
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    /** The rules bite: a report class that imports a solver type is a violation. */
    @Test
    void aDeliberatelyWrongImportFails() {
        JavaClasses wrong = new ClassFileImporter()
                .importClasses(org.layerprobe.report.WrongImportFixture.class, ProbeResult.class);
        EvaluationResult result = onlyAllowedDependencies("report").evaluate(wrong);
        assertTrue(result.hasViolation(), "report -> probe must be refused");
        assertTrue(
                result.getFailureReport().toString().contains("ProbeResult"),
                result.getFailureReport().toString());
        assertFalse(onlyAllowedDependencies("probe").evaluate(wrong).hasViolation());
    }

    /**
     * Fully qualified types in code (outside imports and comments) are how layering rules get
     * dodged by eye, and they make a line hard to read: every project, JDK (but java.lang) and
     * library type is imported.
     */
    @Test
    void projectTypesAreImportedNotWrittenOut() throws Exception {
        Pattern inline = Pattern.compile(
                "(?<![\\w.\"])(?:org\\.layerprobe|java\\.(?:util|io|nio|time|security|net|text|math)"
                        + "|ai\\.djl|javax|com\\.fasterxml|tech\\.tablesaw|org\\.knowm|picocli)(?:\\.[a-z]\\w*)*\\.[A-Z]");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).strip();
                    if (l.startsWith("import ")
                            || l.startsWith("package ")
                            || l.startsWith("*")
                            || l.startsWith("/*")
                            || l.startsWith("//")) {
                        continue;
                    }
                    if (inline.matcher(l).find()) {
                        found.add(f + ":" + (i + 1) + ": " + l);
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "write these as imports:\n" + String.join("\n", found));
    }
}
