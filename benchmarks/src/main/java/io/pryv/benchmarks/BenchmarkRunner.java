package io.pryv.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the streaming benchmark and prints one table: a {@link LoopbackEventsServer}
 * in this JVM; each client in its own process, one after the other, on the same
 * payload: our client ({@code callback} and {@code flux}) in a JVM with
 * {@code -Xmx64m}, lib-js 3.0.4's {@code getEventsStreamed} in Node.js, the
 * raw transfer (same request, bytes read and discarded), and a reference: the
 * same request read token by token by Jackson's non-blocking parser, building
 * nothing ({@link JacksonTokens}). Every client first
 * streams {@code --warmup} events {@code --warmup-runs} times (default
 * 1,000,000 events 3 times; not measured), so that the JIT of both the JVM and
 * V8 has compiled the hot paths, end of an answer included, as in a server that
 * has been running for a while: with a single short warm-up the JVM's C2
 * compiler was still at work, on the other core, during the measured run. Each
 * measurement is the best of {@code --runs} runs.
 * <p>
 * Started by {@code benchmarks/run.sh}: system properties {@code bench.node}
 * (node binary), {@code bench.libjs.modules} (the {@code node_modules} holding
 * {@code pryv}) and {@code bench.libjs.script} ({@code libjs-stream.js}).
 * Arguments: {@code [--runs R] [--warmup W] [--warmup-runs K] [N ...]} (default: 3 runs, warm-up
 * 1000000 events 3 times, N = 100000 1000000); {@code --warmup 0} for cold processes.
 */
public final class BenchmarkRunner {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final List<String> CLIENTS = List.of("raw", "callback", "flux", "jackson-tokens", "lib-js");

	private BenchmarkRunner() {
	}

	/** One measured client run. */
	record Measure(long events, long ms, long peakHeapMB) {
	}

	public static void main(String[] args) throws Exception {
		int runs = 3;
		long warmupEvents = 1_000_000;
		int warmupRuns = 3;
		List<Long> sizes = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if ("--runs".equals(args[i])) {
				runs = Integer.parseInt(args[++i]);
			}
			else if ("--warmup".equals(args[i])) {
				warmupEvents = Long.parseLong(args[++i].replace("_", ""));
			}
			else if ("--warmup-runs".equals(args[i])) {
				warmupRuns = Integer.parseInt(args[++i]);
			}
			else {
				sizes.add(Long.parseLong(args[i].replace("_", "")));
			}
		}
		if (sizes.isEmpty()) {
			sizes = List.of(100_000L, 1_000_000L);
		}
		try (LoopbackEventsServer server = new LoopbackEventsServer()) {
			String warmup = (warmupEvents > 0 && warmupRuns > 0) ? server.apiEndpoint(warmupEvents) : null;
			Map<Long, Map<String, List<Measure>>> results = new LinkedHashMap<>();
			for (long size : sizes) {
				Map<String, List<Measure>> bySize = new LinkedHashMap<>();
				// rounds of every client in turn, so that a slow phase of a shared machine hits them all alike
				for (int run = 0; run < runs; run++) {
					for (String client : CLIENTS) {
						Measure measure = measure(client, server.apiEndpoint(size), warmup, warmupRuns);
						if (measure.events() != size && !"raw".equals(client)) {
							throw new IllegalStateException(client + " streamed " + measure.events() + " events, not " + size);
						}
						if ("raw".equals(client) && measure.events() != server.bodySize(size)) {
							throw new IllegalStateException("raw read " + measure.events() + " bytes, not " + server.bodySize(size));
						}
						System.err.printf(Locale.ROOT, "N=%d %-8s run %d: %d ms, peak heap %d MB%n", size, client, run + 1,
								measure.ms(), measure.peakHeapMB());
						bySize.computeIfAbsent(client, (key) -> new ArrayList<>()).add(measure);
					}
				}
				results.put(size, bySize);
			}
			printTable(server, results, runs, (warmup != null) ? warmupEvents : 0, warmupRuns);
			printJsonLine(results, runs);
		}
	}

	/**
	 * The table's figures as one JSON line: for each N and client, the best and
	 * median ms and the peak heap; and ours (callback) over lib-js in events/s.
	 */
	private static void printJsonLine(Map<Long, Map<String, List<Measure>>> results, int runs) {
		StringBuilder json = new StringBuilder("{\"runs\": " + runs);
		for (Map.Entry<Long, Map<String, List<Measure>>> entry : results.entrySet()) {
			long size = entry.getKey();
			for (Map.Entry<String, List<Measure>> client : entry.getValue().entrySet()) {
				String key = "n" + size + "_" + client.getKey().replace("-", "");
				json.append(String.format(Locale.ROOT, ", \"%sBestMs\": %d, \"%sMedianMs\": %.0f, \"%sPeakHeapMB\": %d", key,
						best(client.getValue()), key, median(client.getValue()), key,
						client.getValue().stream().mapToLong(Measure::peakHeapMB).max().orElse(0)));
			}
			List<Measure> libjs = entry.getValue().get("lib-js");
			List<Measure> callback = entry.getValue().get("callback");
			if (libjs != null && callback != null) {
				json.append(String.format(Locale.ROOT, ", \"n%d_oursOverLibjsBest\": %.2f", size,
						(double) best(libjs) / best(callback)));
			}
		}
		System.out.println(json.append('}'));
	}

	private static Measure measure(String client, String endpoint, String warmup, int warmupRuns)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		if ("lib-js".equals(client)) {
			command.addAll(List.of(System.getProperty("bench.node", "node"), required("bench.libjs.script"), endpoint));
		}
		else {
			command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
					System.getProperty("java.class.path"), StreamEventsMain.class.getName(), endpoint, "--mode", client,
					"--no-deletions"));
		}
		if (warmup != null) {
			command.addAll("lib-js".equals(client) ? List.of(warmup, String.valueOf(warmupRuns))
					: List.of("--warmup", warmup, "--warmup-runs", String.valueOf(warmupRuns)));
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		if ("lib-js".equals(client)) {
			builder.environment().put("NODE_PATH", required("bench.libjs.modules"));
		}
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException(client + " failed: " + output);
		}
		String line = output.lines().filter((text) -> text.startsWith("{")).reduce((first, second) -> second)
			.orElseThrow(() -> new IllegalStateException(client + " printed no result: " + output));
		JsonNode json = MAPPER.readTree(line);
		return new Measure(json.get("events").asLong(), json.get("ms").asLong(), json.get("peakHeapMB").asLong());
	}

	private static String required(String property) {
		String value = System.getProperty(property);
		if (value == null) {
			throw new IllegalStateException("System property " + property + " is not set: run benchmarks/run.sh");
		}
		return value;
	}

	private static void printTable(LoopbackEventsServer server, Map<Long, Map<String, List<Measure>>> results, int runs,
			long warmupEvents, int warmupRuns) {
		System.out.printf(Locale.ROOT,
				"%nStreaming events.get from a loopback server, %d runs per client, each warmed up with %,d events %d times"
						+ " (java %s, node %s, %d CPUs)%n%n",
				runs, warmupEvents, (warmupEvents > 0) ? warmupRuns : 0, System.getProperty("java.version"),
				System.getProperty("bench.node.version", "?"), Runtime.getRuntime().availableProcessors());
		System.out.println("| N | client | events/s (best) | MB/s (best) | peak heap MB | wall time s (best) | wall time s (median) "
				+ "| ours / lib-js (events/s, best) | time / raw (best) | time / raw (median) |");
		System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (Map.Entry<Long, Map<String, List<Measure>>> entry : results.entrySet()) {
			long size = entry.getKey();
			double megabytes = server.bodySize(size) / 1_000_000.0;
			List<Measure> libjs = entry.getValue().get("lib-js");
			List<Measure> raw = entry.getValue().get("raw");
			for (Map.Entry<String, List<Measure>> client : entry.getValue().entrySet()) {
				List<Measure> measures = client.getValue();
				boolean ours = client.getKey().equals("callback") || client.getKey().equals("flux");
				boolean versusRawShown = ours || client.getKey().equals("jackson-tokens");
				double seconds = best(measures) / 1000.0;
				String name = switch (client.getKey()) {
					case "raw" -> "raw transfer (bytes discarded)";
					case "callback" -> "ours, streamEvents callback, -Xmx64m";
					case "flux" -> "ours, Flux<Event>, -Xmx64m";
					case "jackson-tokens" -> "reference: Jackson non-blocking parser, tokens only, no Event built, -Xmx64m";
					default -> "lib-js 3.0.4 getEventsStreamed";
				};
				String eventsPerSec = client.getKey().equals("raw") ? "-" : String.format(Locale.ROOT, "%,.0f", size / seconds);
				String versusLibJs = ours ? ratio(best(libjs), best(measures)) : "";
				String versusRaw = versusRawShown ? ratio(best(measures), best(raw)) : "";
				String versusRawMedian = versusRawShown ? ratio(median(measures), median(raw)) : "";
				long peakHeap = measures.stream().mapToLong(Measure::peakHeapMB).max().orElse(0);
				System.out.printf(Locale.ROOT, "| %,d | %s | %s | %.0f | %d | %.2f | %.2f | %s | %s | %s |%n", size, name,
						eventsPerSec, megabytes / seconds, peakHeap, seconds, median(measures) / 1000.0, versusLibJs,
						versusRaw, versusRawMedian);
			}
		}
		System.out.println();
		System.out.println("Targets: ours / lib-js >= 3x on 1,000,000 events; peak heap <= 64 MB; ours / raw <= 2.5x.");
		System.out.printf(Locale.ROOT, "Payload: %,d bytes for 1,000 events (%d recorded events repeated).%n",
				server.bodySize(1000), server.recordedEvents());
	}

	private static long best(List<Measure> measures) {
		return measures.stream().mapToLong(Measure::ms).min().orElseThrow();
	}

	private static double median(List<Measure> measures) {
		long[] ms = measures.stream().mapToLong(Measure::ms).sorted().toArray();
		return (ms.length % 2 == 1) ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2.0;
	}

	private static String ratio(double numerator, double denominator) {
		return String.format(Locale.ROOT, "%.2fx", numerator / denominator);
	}

}
