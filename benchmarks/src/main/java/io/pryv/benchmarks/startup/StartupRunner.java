package io.pryv.benchmarks.startup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the starter adds to an application's startup: rounds (default 5) each start
 * {@link StartupMain} in fresh JVMs, in a shuffled order (a slow phase of a shared machine
 * then falls on no start in particular), on four class paths:
 * <ul>
 * <li>{@code withStarter}: this module's class path as Maven orders it for its pom, which
 * declares the starter before {@code spring-boot-starter-webmvc};</li>
 * <li>{@code withStarterLast}: the same jars, the starter's (client, auto-configuration,
 * Boot's WebClient starter, Spring WebFlux, Reactor Netty, Netty) moved after the
 * application's (a pom that declares the starter after its web starter). The JVM looks a
 * class up through the jars in class-path order: Reactor Netty's 27 jars before Spring's
 * cost every class after them;</li>
 * <li>{@code bootWebClientStack}: {@code withStarterLast} without Pryv's three jars;</li>
 * <li>{@code withoutStarter}: none of the starter's jars.</li>
 * </ul>
 * Prints one JSON line: the median time to ready of each; what the starter adds in either
 * order, as the difference of the medians, the median of the rounds' differences (each
 * round's starts close in time) and the difference of the median CPU times to ready; and
 * in the {@code withStarterLast} order, what Boot's WebClient stack adds
 * ({@code bootWebClientStackAdds*}) and what Pryv's client and auto-configuration add on top
 * of it ({@code pryvAdds*}).
 * {@code -Dbench.startup.steps=true} on a {@link StartupMain} run prints the
 * beans that took longest to create and the startup's phases.
 * Arguments: {@code [--rounds R]}. Started by {@code benchmarks/startup.sh}.
 */
public final class StartupRunner {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** Pryv's own jars. */
	private static final List<String> PRYV_JARS = List.of("pryv-client", "pryv-spring-boot-autoconfigure",
			"pryv-spring-boot-starter");

	/** The jars the starter brings (with spring-boot-starter-webclient). */
	private static final List<String> STARTER_JARS = List.of("pryv-client", "pryv-spring-boot-autoconfigure",
			"pryv-spring-boot-starter", "spring-boot-starter-webclient", "spring-boot-webclient", "spring-webflux",
			"reactor-netty", "netty-", "spring-boot-http-codec", "spring-boot-reactor");

	private static final String WITH = "withStarter";

	private static final String WITH_LAST = "withStarterLast";

	private static final String BOOT_STACK = "bootWebClientStack";

	private static final String WITHOUT = "withoutStarter";

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
		List<String> withoutStarter = entries(with, (entry) -> !isOneOf(entry, STARTER_JARS));
		List<String> withLast = new ArrayList<>(withoutStarter);
		withLast.addAll(entries(with, (entry) -> isOneOf(entry, STARTER_JARS)));
		Map<String, String> classpaths = new LinkedHashMap<>();
		classpaths.put(WITH, String.join(java.io.File.pathSeparator, with));
		classpaths.put(WITH_LAST, String.join(java.io.File.pathSeparator, withLast));
		classpaths.put(BOOT_STACK,
				String.join(java.io.File.pathSeparator, entries(withLast, (entry) -> !isOneOf(entry, PRYV_JARS))));
		classpaths.put(WITHOUT, String.join(java.io.File.pathSeparator, withoutStarter));
		Map<String, List<Long>> readyMs = new LinkedHashMap<>();
		Map<String, List<Long>> cpuMs = new LinkedHashMap<>();
		classpaths.keySet().forEach((name) -> {
			readyMs.put(name, new ArrayList<>());
			cpuMs.put(name, new ArrayList<>());
		});
		Random shuffle = new Random(42);
		for (int round = 1; round <= rounds; round++) {
			List<String> order = new ArrayList<>(classpaths.keySet());
			Collections.shuffle(order, shuffle);
			StringBuilder progress = new StringBuilder("round " + round + ":");
			for (String name : order) {
				JsonNode started = start(classpaths.get(name));
				boolean pryv = name.equals(WITH) || name.equals(WITH_LAST);
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
		for (String name : classpaths.keySet()) {
			json.append(String.format(Locale.ROOT, ", \"%sReadyMsMedian\": %.0f", name, median(readyMs.get(name))));
		}
		added(json, "starterAdds", WITH, WITHOUT, readyMs, cpuMs);
		added(json, "starterLastAdds", WITH_LAST, WITHOUT, readyMs, cpuMs);
		added(json, "bootWebClientStackAdds", BOOT_STACK, WITHOUT, readyMs, cpuMs);
		added(json, "pryvAdds", WITH_LAST, BOOT_STACK, readyMs, cpuMs);
		for (String name : classpaths.keySet()) {
			json.append(String.format(Locale.ROOT, ", \"%sReadyMs\": %s, \"%sCpuMs\": %s", name, readyMs.get(name),
					name, cpuMs.get(name)));
		}
		System.out.println(json.append('}'));
	}

	/** Appends what {@code more} adds to {@code less}: difference of the medians, median of the rounds', CPU. */
	private static void added(StringBuilder json, String key, String more, String less, Map<String, List<Long>> readyMs,
			Map<String, List<Long>> cpuMs) {
		json.append(String.format(Locale.ROOT, ", \"%sMsMedian\": %.0f, \"%sMsMedianOfRounds\": %.0f, \"%sCpuMsMedian\": %.0f",
				key, median(readyMs.get(more)) - median(readyMs.get(less)), key,
				medianOfDifferences(readyMs.get(more), readyMs.get(less)), key,
				median(cpuMs.get(more)) - median(cpuMs.get(less))));
	}

	private static List<String> entries(List<String> classpath, Predicate<String> kept) {
		return classpath.stream().filter(kept).collect(Collectors.toList());
	}

	/** @return whether the class-path entry's file name starts with one of {@code jars} */
	private static boolean isOneOf(String entry, List<String> jars) {
		String file = Path.of(entry).getFileName().toString();
		return jars.stream().anyMatch(file::startsWith);
	}

	private static JsonNode start(String classpath) throws Exception {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classpath, StartupMain.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off", "--logging.level.root=WARN");
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("StartupMain failed: " + output);
		}
		String line = output.lines().filter((text) -> text.startsWith("{")).reduce((first, second) -> second)
			.orElseThrow(() -> new IllegalStateException("StartupMain printed no result: " + output));
		return MAPPER.readTree(line);
	}

	/** Each round's starts ran close in time: less swayed by a slow phase of a shared machine. */
	private static double medianOfDifferences(List<Long> minuends, List<Long> subtrahends) {
		List<Long> differences = new ArrayList<>();
		for (int i = 0; i < minuends.size(); i++) {
			differences.add(minuends.get(i) - subtrahends.get(i));
		}
		return median(differences);
	}

	private static double median(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
	}

}
