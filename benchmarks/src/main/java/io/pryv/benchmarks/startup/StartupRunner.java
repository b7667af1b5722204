package io.pryv.benchmarks.startup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.benchmarks.BenchProcesses;

import static io.pryv.benchmarks.BenchProcesses.median;

/**
 * What the starter adds to an application's startup: rounds (default 5) each start
 * {@link StartupMain} in fresh JVMs, in a shuffled order (a slow phase of a shared machine
 * then falls on no start in particular), on four class paths:
 * <ul>
 * <li>{@code withStarter}: this module's class path as Maven orders it for its pom, which
 * declares the starter before {@code spring-boot-starter-webmvc};</li>
 * <li>{@code withStarterLast}: the same jars, those of the web application alone first, then
 * every jar the starter brings (a pom that declares the starter after its web starter). The JVM
 * looks a class up through the jars in class-path order: Reactor Netty's 27 jars before Spring's
 * cost every class after them;</li>
 * <li>{@code bootWebClientStack}: {@code withStarterLast} without Pryv's three jars: what the
 * starter's dependencies (Reactor, Spring WebFlux, Reactor Netty, Boot's WebClient and HTTP
 * client modules) add before any code of ours;</li>
 * <li>{@code withoutStarter}: the web application alone, the class path Maven gives a pom that
 * declares only {@code spring-boot-starter-webmvc} ({@code benchmarks/startup-baseline/pom.xml},
 * file named by {@code -Dbench.startup.baseline-classpath}).</li>
 * <li>{@code withStarterLastCds} and {@code withoutStarterCds}: those two class paths with an
 * application CDS archive (JDK 17's {@code -XX:ArchiveClassesAtExit} on a training start, then
 * {@code -XX:SharedArchiveFile}), the start-up aid Spring Boot documents: classes mapped
 * already parsed and verified instead of read from the jars. Archives go to
 * {@code -Dbench.startup.cds-dir} (default {@code target/startup-cds}).</li>
 * </ul>
 * Prints one JSON line: the median time to ready of each; what the starter adds in either
 * order, as the difference of the medians, the median of the rounds' differences (each
 * round's starts close in time) and the difference of the median CPU times to ready; and
 * in the {@code withStarterLast} order, what the starter's dependencies add
 * ({@code bootWebClientStackAdds*}) and what Pryv's client and auto-configuration add on top
 * of them ({@code pryvAdds*}); and what the starter adds when both use an application CDS
 * archive ({@code starterLastCdsAdds*}). The first class-path entry must be this module's jar
 * (CDS archives classes from jars only).
 * {@code -Dbench.startup.steps=true} on a {@link StartupMain} run prints the
 * beans that took longest to create and the startup's phases.
 * Arguments: {@code [--rounds R]}. Started by {@code benchmarks/startup.sh}.
 */
public final class StartupRunner {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** Pryv's own jars. */
	private static final List<String> PRYV_JARS = List.of("pryv-client", "pryv-spring-boot-autoconfigure",
			"pryv-spring-boot-starter");

	private static final String WITH = "withStarter";

	private static final String WITH_LAST = "withStarterLast";

	private static final String BOOT_STACK = "bootWebClientStack";

	private static final String WITHOUT = "withoutStarter";

	private static final String WITH_LAST_CDS = "withStarterLastCds";

	private static final String WITHOUT_CDS = "withoutStarterCds";

	private StartupRunner() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = 5;
		for (int i = 0; i < args.length; i++) {
			if ("--rounds".equals(args[i])) {
				rounds = Integer.parseInt(args[++i]);
			}
		}
		List<String> with = Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
		Set<String> webApp = baselineJars(with);
		// this module's jar (StartupMain, first) and the web application's jars, in this class path's order
		List<String> withoutStarter = entries(with, (entry) -> entry.equals(with.get(0)) || webApp.contains(entry));
		List<String> withLast = new ArrayList<>(withoutStarter);
		withLast.addAll(entries(with, (entry) -> !withoutStarter.contains(entry)));
		Path archives = Files.createDirectories(Path.of(System.getProperty("bench.startup.cds-dir", "target/startup-cds")));
		Map<String, Start> starts = new LinkedHashMap<>();
		starts.put(WITH, new Start(with, null));
		starts.put(WITH_LAST, new Start(withLast, null));
		starts.put(BOOT_STACK, new Start(entries(withLast, (entry) -> !isOneOf(entry, PRYV_JARS)), null));
		starts.put(WITHOUT, new Start(withoutStarter, null));
		starts.put(WITH_LAST_CDS, new Start(withLast, archives.resolve(WITH_LAST_CDS + ".jsa")));
		starts.put(WITHOUT_CDS, new Start(withoutStarter, archives.resolve(WITHOUT_CDS + ".jsa")));
		for (Start start : starts.values()) {
			if (start.archive() != null) {
				start.train();
			}
		}
		Map<String, List<Long>> readyMs = new LinkedHashMap<>();
		Map<String, List<Long>> cpuMs = new LinkedHashMap<>();
		starts.keySet().forEach((name) -> {
			readyMs.put(name, new ArrayList<>());
			cpuMs.put(name, new ArrayList<>());
		});
		Random shuffle = new Random(42);
		for (int round = 1; round <= rounds; round++) {
			List<String> order = new ArrayList<>(starts.keySet());
			Collections.shuffle(order, shuffle);
			StringBuilder progress = new StringBuilder("round " + round + ":");
			for (String name : order) {
				JsonNode started = starts.get(name).run();
				boolean pryv = name.startsWith(WITH);
				if ((started.get("pryvBeans").asLong() > 0) != pryv) {
					throw new IllegalStateException(name + ": " + started);
				}
				readyMs.get(name).add(started.get("readyMs").asLong());
				cpuMs.get(name).add(started.get("cpuMs").asLong());
				progress.append(String.format(Locale.ROOT, " %s %d ms (CPU %d ms);", name,
						started.get("readyMs").asLong(), started.get("cpuMs").asLong()));
			}
			System.err.println(progress);
		}
		StringBuilder json = new StringBuilder("{\"rounds\": " + rounds);
		for (String name : starts.keySet()) {
			json.append(String.format(Locale.ROOT, ", \"%sReadyMsMedian\": %.0f", name, median(readyMs.get(name))));
		}
		added(json, "starterAdds", WITH, WITHOUT, readyMs, cpuMs);
		added(json, "starterLastAdds", WITH_LAST, WITHOUT, readyMs, cpuMs);
		added(json, "bootWebClientStackAdds", BOOT_STACK, WITHOUT, readyMs, cpuMs);
		added(json, "pryvAdds", WITH_LAST, BOOT_STACK, readyMs, cpuMs);
		added(json, "starterLastCdsAdds", WITH_LAST_CDS, WITHOUT_CDS, readyMs, cpuMs);
		for (String name : starts.keySet()) {
			json.append(String.format(Locale.ROOT, ", \"%sReadyMs\": %s, \"%sCpuMs\": %s", name, readyMs.get(name),
					name, cpuMs.get(name)));
		}
		System.out.println(json.append('}'));
	}

	/**
	 * One way to start {@link StartupMain}: a class path and, for the application-CDS rows, the
	 * archive of classes a training start left at its exit, mapped by every measured start.
	 */
	private record Start(List<String> classpath, Path archive) {

		/** The training start: not measured; it records the classes it loaded into the archive. */
		void train() throws Exception {
			Files.deleteIfExists(this.archive);
			start(List.of("-XX:ArchiveClassesAtExit=" + this.archive));
			if (!Files.isRegularFile(this.archive)) {
				throw new IllegalStateException("the training start left no archive " + this.archive);
			}
		}

		JsonNode run() throws Exception {
			// -Xshare:on: a start that cannot map the archive fails instead of running without it
			return start((this.archive != null) ? List.of("-XX:SharedArchiveFile=" + this.archive, "-Xshare:on")
					: List.of());
		}

		private JsonNode start(List<String> jvmOptions) throws Exception {
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvmOptions);
			command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, this.classpath),
					StartupMain.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
					"--spring.main.banner-mode=off", "--logging.level.root=WARN"));
			// the last line starting with '{': the JVM's own warnings (CDS's, on stdout) come before it
			return MAPPER.readTree(BenchProcesses.lastJsonLine(command));
		}

	}

	/** Appends what {@code more} adds to {@code less}: difference of the medians, median of the rounds', CPU. */
	private static void added(StringBuilder json, String key, String more, String less, Map<String, List<Long>> readyMs,
			Map<String, List<Long>> cpuMs) {
		json.append(String.format(Locale.ROOT, ", \"%sMsMedian\": %.0f, \"%sMsMedianOfRounds\": %.0f, \"%sCpuMsMedian\": %.0f",
				key, median(readyMs.get(more)) - median(readyMs.get(less)), key,
				medianOfDifferences(readyMs.get(more), readyMs.get(less)), key,
				median(cpuMs.get(more)) - median(cpuMs.get(less))));
	}

	/**
	 * @return the jars of the application without the starter (the baseline pom's class path),
	 * each checked to be on this class path: the same versions, only the starter's jars left out
	 */
	private static Set<String> baselineJars(List<String> with) throws java.io.IOException {
		String file = System.getProperty("bench.startup.baseline-classpath");
		if (file == null) {
			throw new IllegalStateException("-Dbench.startup.baseline-classpath=<file> is missing (see startup.sh)");
		}
		Set<String> jars = new LinkedHashSet<>(
				Arrays.asList(Files.readString(Path.of(file)).strip().split(java.io.File.pathSeparator)));
		for (String jar : jars) {
			if (!with.contains(jar)) {
				throw new IllegalStateException("the baseline's " + jar + " is not on the benchmark's class path:"
						+ " the two poms' versions differ");
			}
		}
		return jars;
	}

	private static List<String> entries(List<String> classpath, Predicate<String> kept) {
		return classpath.stream().filter(kept).collect(Collectors.toList());
	}

	/** @return whether the class-path entry's file name starts with one of {@code jars} */
	private static boolean isOneOf(String entry, List<String> jars) {
		String file = Path.of(entry).getFileName().toString();
		return jars.stream().anyMatch(file::startsWith);
	}

	/** Each round's starts ran close in time: less swayed by a slow phase of a shared machine. */
	private static double medianOfDifferences(List<Long> minuends, List<Long> subtrahends) {
		List<Long> differences = new ArrayList<>();
		for (int i = 0; i < minuends.size(); i++) {
			differences.add(minuends.get(i) - subtrahends.get(i));
		}
		return median(differences);
	}

}
