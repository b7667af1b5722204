package io.pryv.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first call of a fresh process, ours and lib-js's, against one Node.js
 * loopback platform ({@code loopback-server.js}): rounds (default 5) each start,
 * in turn, a JVM running {@link FirstCallMain} ({@code ours}), the same JVM
 * command after the warm-up that an application runs at startup
 * ({@code oursWarmedUp}: {@code FirstCallMain --warmup} runs
 * {@code PryvWarmup} first, untimed but reported as {@code warmupMs}, then times
 * the same first and second calls), the same as {@code ours} with an
 * AppCDS archive of the classes a first call loads ({@code oursCds}; the archive
 * is recorded by one run before the rounds, not measured), the same as
 * {@code benchmarks/stream-events.sh} starts its JVM ({@code oursStreamEventsSh}:
 * the options of {@code stream-events.jvm-options}, {@code bench.stream-events.jvm-options},
 * and an AppCDS archive recorded with them by one more run before the rounds) and a Node.js process
 * running {@code libjs-first-call.js} ({@code libjs}); with a JDK 25 at
 * {@code bench.java25.home}, also ours on that JDK plain ({@code oursJdk25}) and
 * with an AOT cache ({@code oursJdk25Aot}: JEP 483/514/515, the classes loaded
 * and linked and the method profiles of one recorded training run). Prints one JSON line: for
 * each, the first call's ms (best and median), the second call's, and the time
 * from the process's start to the end of its first call; the warm-up's median
 * ms of {@code oursWarmedUp}; and ours / lib-js of the first call's medians.
 * <p>
 * With {@code --https}, the platform serves HTTPS with a throwaway self-signed
 * certificate of 127.0.0.1 that {@code first-call.sh --https} makes in
 * {@code bench.tls.dir}: the JVMs trust it through a trust store given as
 * {@code -Djavax.net.ssl.trustStore} (their default TLS setup, nothing
 * insecure), Node.js through {@code NODE_EXTRA_CA_CERTS}; the rows are
 * {@code ours}, {@code oursWarmedUp} and {@code libjs} only (no AppCDS, stream-events.sh
 * or JDK 25 rows), and the line says {@code "https": true}.
 * <p>
 * Arguments: {@code [events (default 5000)] [--rounds R] [--jvm-options "..."] [--https]}.
 * Started by {@code benchmarks/first-call.sh}.
 */
public final class FirstCallRunner {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private FirstCallRunner() {
	}

	public static void main(String[] args) throws Exception {
		long events = 5000;
		int rounds = 5;
		List<String> jvmOptions = new ArrayList<>();
		boolean https = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--jvm-options" -> jvmOptions.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
				case "--https" -> https = true;
				default -> events = Long.parseLong(args[i].replace("_", ""));
			}
		}
		jvmOptions.removeIf(String::isEmpty);
		// CDS maps jars only: the same classes as this JVM's, the benchmarks as a jar
		String jars = BenchProcesses.required("bench.jar.classpath");
		Path archive = Path.of(BenchProcesses.required("bench.cds.archive"));
		Path scriptArchive = archive.resolveSibling("first-call-stream-events-sh.jsa");
		// as stream-events.sh does: its options first, the given ones after them, a GC given replacing its GC
		boolean gcGiven = jvmOptions.stream().anyMatch(FirstCallRunner::selectsGc);
		List<String> scriptOptions = new ArrayList<>(streamEventsShOptions());
		scriptOptions.removeIf((option) -> gcGiven && selectsGc(option));
		scriptOptions.addAll(jvmOptions);
		Map<String, List<JsonNode>> results = new LinkedHashMap<>();
		BenchProcesses.Tls tls = https ? tls() : null;
		List<String> trust = https ? tls.jvmOptions() : List.of();
		Map<String, String> nodeEnvironment = https ? tls.nodeEnvironment() : Map.of();
		try (BenchProcesses.NodeServer platform = BenchProcesses.startNodeServer(events, tls)) {
			String endpoint = platform.apiEndpoint(events);
			if (!https) {
				// one run, not measured, records the classes a first call loads
				Files.deleteIfExists(archive);
				BenchProcesses.lastJsonLine(ours(jvmOptions, jars, List.of("-XX:ArchiveClassesAtExit=" + archive), endpoint));
				if (!Files.exists(archive)) {
					throw new IllegalStateException("No AppCDS archive was written at " + archive);
				}
				Files.deleteIfExists(scriptArchive);
				BenchProcesses.lastJsonLine(ours(scriptOptions, jars, List.of("-XX:ArchiveClassesAtExit=" + scriptArchive), endpoint));
				if (!Files.exists(scriptArchive)) {
					throw new IllegalStateException("No AppCDS archive was written at " + scriptArchive);
				}
			}
			// JDK 25's AOT cache (JEP 483, 514, 515: classes loaded and linked, method profiles), when a JDK 25 is given
			String java25 = https ? null : java25();
			Path aotCache = archive.resolveSibling("first-call-jdk25.aot");
			if (java25 != null) {
				Files.deleteIfExists(aotCache);
				BenchProcesses.lastJsonLine(ours(java25, jvmOptions, jars, List.of("-XX:AOTCacheOutput=" + aotCache), endpoint));
				if (!Files.exists(aotCache)) {
					throw new IllegalStateException("No AOT cache was written at " + aotCache);
				}
			}
			for (int round = 1; round <= rounds; round++) {
				Map<String, JsonNode> line = new LinkedHashMap<>();
				line.put("ours", MAPPER.readTree(BenchProcesses.lastJsonLine(ours(jvmOptions, jars, trust, endpoint))));
				line.put("oursWarmedUp", MAPPER.readTree(BenchProcesses
					.lastJsonLine(ours(jvmOptions, jars, trust, "--warmup", endpoint))));
				if (!https) {
					line.put("oursCds", MAPPER.readTree(BenchProcesses
						.lastJsonLine(ours(jvmOptions, jars, List.of("-XX:SharedArchiveFile=" + archive), endpoint))));
					line.put("oursStreamEventsSh", MAPPER.readTree(BenchProcesses.lastJsonLine(
							ours(scriptOptions, jars, List.of("-XX:SharedArchiveFile=" + scriptArchive), endpoint))));
				}
				if (java25 != null) {
					line.put("oursJdk25", MAPPER.readTree(BenchProcesses.lastJsonLine(ours(java25, jvmOptions, jars, List.of(), endpoint))));
					line.put("oursJdk25Aot", MAPPER.readTree(BenchProcesses
						.lastJsonLine(ours(java25, jvmOptions, jars, List.of("-XX:AOTCache=" + aotCache), endpoint))));
				}
				line.put("libjs", MAPPER.readTree(BenchProcesses.lastJsonLine(List.of(System.getProperty("bench.node", "node"),
						BenchProcesses.required("bench.libjs.firstcall.script"), endpoint), nodeEnvironment)));
				StringBuilder progress = new StringBuilder("round " + round + ":");
				for (Map.Entry<String, JsonNode> result : line.entrySet()) {
					if (result.getValue().get("events").asLong() != events) {
						throw new IllegalStateException(result.getKey() + " streamed " + result.getValue().get("events")
								+ " events, not " + events);
					}
					results.computeIfAbsent(result.getKey(), (key) -> new ArrayList<>()).add(result.getValue());
					progress.append(String.format(Locale.ROOT, " %s first %d ms, second %d ms%s;", result.getKey(),
							result.getValue().get("firstCallMs").asLong(), result.getValue().get("secondCallMs").asLong(),
							result.getValue().has("warmupMs") ? " (after a " + result.getValue().get("warmupMs").asLong() + " ms warm-up)" : ""));
				}
				System.err.println(progress);
			}
		}
		StringBuilder json = new StringBuilder(String.format(Locale.ROOT, "{\"events\": %d, \"rounds\": %d, \"https\": %b, \"jvmOptions\": \"%s\"",
				events, rounds, https, String.join(" ", jvmOptions)));
		for (Map.Entry<String, List<JsonNode>> client : results.entrySet()) {
			String name = client.getKey();
			json.append(String.format(Locale.ROOT, ", \"%sFirstCallMs\": %d, \"%sFirstCallMsMedian\": %.0f, \"%sSecondCallMsMedian\": %.0f, "
					+ "\"%sProcessStartToFirstResultMsMedian\": %.0f", name, BenchProcesses.best(values(client.getValue(), "firstCallMs")),
					name, BenchProcesses.median(values(client.getValue(), "firstCallMs")), name,
					BenchProcesses.median(values(client.getValue(), "secondCallMs")), name,
					BenchProcesses.median(values(client.getValue(), "sinceStartMs"))));
		}
		json.append(String.format(Locale.ROOT, ", \"oursWarmedUpWarmupMsMedian\": %.0f",
				BenchProcesses.median(values(results.get("oursWarmedUp"), "warmupMs"))));
		double libjs = BenchProcesses.median(values(results.get("libjs"), "firstCallMs"));
		json.append(String.format(Locale.ROOT, ", \"firstCallOursOverLibjsMedian\": %.2f, "
				+ "\"firstCallOursWarmedUpOverLibjsMedian\": %.2f",
				BenchProcesses.median(values(results.get("ours"), "firstCallMs")) / libjs,
				BenchProcesses.median(values(results.get("oursWarmedUp"), "firstCallMs")) / libjs));
		if (results.containsKey("oursCds")) {
			json.append(String.format(Locale.ROOT, ", \"firstCallOursCdsOverLibjsMedian\": %.2f",
					BenchProcesses.median(values(results.get("oursCds"), "firstCallMs")) / libjs));
			json.append(String.format(Locale.ROOT, ", \"firstCallOursStreamEventsShOverLibjsMedian\": %.2f",
					BenchProcesses.median(values(results.get("oursStreamEventsSh"), "firstCallMs")) / libjs));
		}
		if (results.containsKey("oursJdk25Aot")) {
			json.append(String.format(Locale.ROOT, ", \"firstCallOursJdk25OverLibjsMedian\": %.2f, \"firstCallOursJdk25AotOverLibjsMedian\": %.2f",
					BenchProcesses.median(values(results.get("oursJdk25"), "firstCallMs")) / libjs,
					BenchProcesses.median(values(results.get("oursJdk25Aot"), "firstCallMs")) / libjs));
		}
		json.append('}');
		System.out.println(json);
	}

	private static boolean selectsGc(String option) {
		return option.startsWith("-XX:+Use") && option.endsWith("GC");
	}

	/** @return the JVM options {@code benchmarks/stream-events.sh} starts its JVM with, one a line of its file */
	private static List<String> streamEventsShOptions() throws java.io.IOException {
		return Files.readAllLines(Path.of(BenchProcesses.required("bench.stream-events.jvm-options")))
			.stream()
			.map(String::trim)
			.filter((option) -> !option.isEmpty())
			.toList();
	}

	/** @return the certificate, key and trust store that {@code first-call.sh --https} made in {@code bench.tls.dir} */
	private static BenchProcesses.Tls tls() {
		Path dir = Path.of(BenchProcesses.required("bench.tls.dir"));
		BenchProcesses.Tls tls = new BenchProcesses.Tls(dir.resolve("key.pem"), dir.resolve("cert.pem"),
				dir.resolve("truststore.p12"), BenchProcesses.required("bench.tls.truststore.password"));
		for (Path file : List.of(tls.key(), tls.certificate(), tls.trustStore())) {
			if (!Files.isRegularFile(file)) {
				throw new IllegalStateException("No " + file + ": run benchmarks/first-call.sh --https");
			}
		}
		return tls;
	}

	/** @return the {@code java} of {@code bench.java25.home} when it is a JDK 25 or later, else {@code null} */
	private static String java25() throws Exception {
		String home = System.getProperty("bench.java25.home", "");
		Path launcher = Path.of(home, "bin", "java");
		if (home.isBlank() || !Files.isExecutable(launcher)) {
			return null;
		}
		Process version = new ProcessBuilder(launcher.toString(), "-version").redirectErrorStream(true).start();
		String text = new String(version.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		version.waitFor();
		java.util.regex.Matcher major = java.util.regex.Pattern.compile("version \"(\\d+)").matcher(text);
		return (major.find() && Integer.parseInt(major.group(1)) >= 25) ? launcher.toString() : null;
	}

	private static List<String> ours(List<String> jvmOptions, String jars, List<String> cds, String... arguments) {
		return ours(Path.of(System.getProperty("java.home"), "bin", "java").toString(), jvmOptions, jars, cds, arguments);
	}

	/** @param arguments those of {@link FirstCallMain}: {@code [--warmup] <apiEndpoint>} */
	private static List<String> ours(String java, List<String> jvmOptions, String jars, List<String> cache, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(cache);
		command.addAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
		if (!java.startsWith(System.getProperty("java.home"))) {
			// JDK 24+: Netty loads its native transport (a restricted method); quiet about it
			command.add("--enable-native-access=ALL-UNNAMED");
		}
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", jars, FirstCallMain.class.getName()));
		command.addAll(List.of(arguments));
		return command;
	}

	private static List<Long> values(List<JsonNode> results, String key) {
		List<Long> values = new ArrayList<>();
		for (JsonNode result : results) {
			values.add(result.get(key).asLong());
		}
		return values;
	}


}
