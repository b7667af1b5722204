package io.pryv.benchmarks.startup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the starter adds to an application's startup: rounds (default 5) each
 * start {@link StartupMain} in a fresh JVM with the starter on the classpath
 * (client, auto-configuration, Boot's WebClient starter) and without it (those
 * jars removed from the classpath), in turn. Prints one JSON line: the median
 * time to ready of each and their difference, the median of the rounds'
 * differences, and the difference of the median CPU times to ready (the
 * figure least swayed by other work on the machine).
 * A third start per round has Boot's WebClient stack without Pryv's own jars
 * (the starter's dependencies only: Boot's WebClient starter, Spring WebFlux,
 * Reactor Netty, Netty): the line splits what the starter adds into what that
 * stack adds ({@code bootWebClientStackAdds*}) and what Pryv's client and
 * auto-configuration add on top of it ({@code pryvAdds*}).
 * {@code -Dbench.startup.steps=true} on a {@link StartupMain} run prints the
 * beans that took longest to create.
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

	private StartupRunner() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = 5;
		for (int i = 0; i < args.length; i++) {
			if ("--rounds".equals(args[i])) {
				rounds = Integer.parseInt(args[++i]);
			}
		}
		String with = System.getProperty("java.class.path");
		String without = withoutJars(with, STARTER_JARS);
		String bootStack = withoutJars(with, PRYV_JARS);
		List<Long> withMs = new ArrayList<>();
		List<Long> withoutMs = new ArrayList<>();
		List<Long> bootStackMs = new ArrayList<>();
		List<Long> withCpuMs = new ArrayList<>();
		List<Long> withoutCpuMs = new ArrayList<>();
		List<Long> bootStackCpuMs = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			JsonNode starter = start(with);
			JsonNode plain = start(without);
			JsonNode stack = start(bootStack);
			if (starter.get("pryvBeans").asLong() == 0 || plain.get("pryvBeans").asLong() != 0
					|| stack.get("pryvBeans").asLong() != 0) {
				throw new IllegalStateException(
						"with the starter: " + starter + ", without: " + plain + ", Boot's WebClient stack: " + stack);
			}
			withMs.add(starter.get("readyMs").asLong());
			withoutMs.add(plain.get("readyMs").asLong());
			bootStackMs.add(stack.get("readyMs").asLong());
			withCpuMs.add(starter.get("cpuMs").asLong());
			withoutCpuMs.add(plain.get("cpuMs").asLong());
			bootStackCpuMs.add(stack.get("cpuMs").asLong());
			System.err.printf(Locale.ROOT,
					"round %d: with the starter %d ms (CPU %d ms), without %d ms (CPU %d ms), Boot's WebClient stack "
							+ "alone %d ms (CPU %d ms)%n",
					round, withMs.get(round - 1), withCpuMs.get(round - 1), withoutMs.get(round - 1),
					withoutCpuMs.get(round - 1), bootStackMs.get(round - 1), bootStackCpuMs.get(round - 1));
		}
		double withMedian = median(withMs);
		double withoutMedian = median(withoutMs);
		double bootStackMedian = median(bootStackMs);
		System.out.printf(Locale.ROOT,
				"{\"rounds\": %d, \"withStarterReadyMsMedian\": %.0f, \"withoutStarterReadyMsMedian\": %.0f, "
						+ "\"starterAddsMsMedian\": %.0f, \"starterAddsMsMedianOfRounds\": %.0f, "
						+ "\"starterAddsCpuMsMedian\": %.0f, \"bootWebClientStackReadyMsMedian\": %.0f, "
						+ "\"bootWebClientStackAddsMsMedianOfRounds\": %.0f, \"pryvAddsMsMedianOfRounds\": %.0f, "
						+ "\"bootWebClientStackAddsCpuMsMedian\": %.0f, \"pryvAddsCpuMsMedian\": %.0f, "
						+ "\"withStarterReadyMs\": %s, \"withoutStarterReadyMs\": %s, \"bootWebClientStackReadyMs\": %s, "
						+ "\"withStarterCpuMs\": %s, \"withoutStarterCpuMs\": %s, \"bootWebClientStackCpuMs\": %s}%n",
				rounds, withMedian, withoutMedian, withMedian - withoutMedian, medianOfDifferences(withMs, withoutMs),
				median(withCpuMs) - median(withoutCpuMs), bootStackMedian,
				medianOfDifferences(bootStackMs, withoutMs), medianOfDifferences(withMs, bootStackMs),
				median(bootStackCpuMs) - median(withoutCpuMs), median(withCpuMs) - median(bootStackCpuMs), withMs,
				withoutMs, bootStackMs, withCpuMs, withoutCpuMs, bootStackCpuMs);
	}

	/** @return the class path without the entries whose file name starts with one of {@code jars} */
	private static String withoutJars(String classpath, List<String> jars) {
		return Arrays.stream(classpath.split(java.io.File.pathSeparator))
			.filter((entry) -> jars.stream().noneMatch((jar) -> Path.of(entry).getFileName().toString().startsWith(jar)))
			.collect(Collectors.joining(java.io.File.pathSeparator));
	}

	/**
	 * Each round's starts ran back to back: the median of their differences is less swayed by a
	 * slow phase of a shared machine than the difference of the medians.
	 */
	private static double medianOfDifferences(List<Long> minuends, List<Long> subtrahends) {
		List<Long> differences = new ArrayList<>();
		for (int i = 0; i < minuends.size(); i++) {
			differences.add(minuends.get(i) - subtrahends.get(i));
		}
		return median(differences);
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

	private static double median(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
	}

}
