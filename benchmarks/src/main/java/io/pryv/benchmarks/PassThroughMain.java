package io.pryv.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Events through the sample app at client speed? Against one Node.js loopback
 * platform ({@code loopback-server.js}) serving N events (default 1,000,000):
 * <ul>
 * <li><b>direct</b>: our client streaming them ({@code StreamEventsMain}, the
 * blocking {@code streamEvents} callback, {@code -Xmx64m}), each run in a fresh
 * JVM warmed up by streaming them 3 times first;</li>
 * <li><b>through the app</b>: the sample app (its jar, {@code -Xmx128m}),
 * signed in through its real login on the same platform, passing them to an
 * HTTP client as NDJSON ({@code GET /api/events}); the app is warmed up by 3
 * downloads first;</li>
 * <li>then {@code --concurrent} (default 8) downloads at once, counting
 * errors (a failure, a status other than 200, or a count other than N).</li>
 * </ul>
 * Rounds ({@code --rounds}, default 3) run direct then through-the-app in
 * turn, so a slow phase of a shared machine hits both alike. Prints one JSON
 * line: events/s of each (best and median), their ratio, the app's peak heap
 * (the sum of its heap pools' peaks over the measured runs, an upper bound) and
 * the concurrent run's errors and time.
 * <p>
 * Started by {@code benchmarks/passthrough.sh}: system properties
 * {@code bench.node}, {@code bench.loopback.script}, {@code bench.sample.jar}.
 */
public final class PassThroughMain {

	private static final Pattern MS = Pattern.compile("\"ms\":\\s*(\\d+)");

	private static final Pattern CPU_MS = Pattern.compile("\"cpuMs\":\\s*(\\d+)");

	private PassThroughMain() {
	}

	public static void main(String[] args) throws Exception {
		long events = 1_000_000;
		int rounds = 3;
		int concurrent = 8;
		String appHeap = "128m";
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--concurrent" -> concurrent = Integer.parseInt(args[++i]);
				case "--app-heap" -> appHeap = args[++i];
				default -> events = Long.parseLong(args[i].replace("_", ""));
			}
		}
		Path jar = Path.of(BenchProcesses.required("bench.sample.jar"));
		List<String> appOptions = new ArrayList<>(List.of("-Xmx" + appHeap));
		// e.g. -XX:StartFlightRecording=... to profile the app (passthrough.sh: PRYV_BENCH_APP_JVM_OPTIONS)
		for (String option : System.getProperty("bench.sample.jvmOptions", "").trim().split("\\s+")) {
			if (!option.isEmpty()) {
				appOptions.add(option);
			}
		}
		try (BenchProcesses.NodeServer platform = BenchProcesses.startNodeServer(events);
				SampleApp app = SampleApp.start(jar, appOptions, platform.serviceInfoUrl())) {
			app.signIn();
			for (int i = 0; i < 3; i++) {
				check(app.downloadEvents(), events, "warm-up download");
			}
			app.resetHeapPeaks();
			List<Long> direct = new ArrayList<>();
			List<Long> through = new ArrayList<>();
			for (int round = 1; round <= rounds; round++) {
				String endpoint = platform.apiEndpoint(events);
				String line = BenchProcesses.lastJsonLine(BenchProcesses.java(List.of("-Xmx64m"),
						StreamEventsMain.class.getName(), endpoint, "--mode", "callback", "--no-deletions", "--warmup",
						endpoint, "--warmup-runs", "3"));
				Matcher ms = MS.matcher(line);
				if (!ms.find() || !line.contains("\"events\": " + events)) {
					throw new IllegalStateException("direct client: " + line);
				}
				direct.add(Long.parseLong(ms.group(1)));
				Matcher cpu = CPU_MS.matcher(line);
				String directCpu = cpu.find() ? cpu.group(1) : "?";
				long[] cpuBefore = { cpuMillis(app.process()), cpuMillis(platform.process().toHandle()),
						cpuMillis(ProcessHandle.current()) };
				long[] appKernelBefore = kernelMillis(app.process());
				long start = System.nanoTime();
				check(app.downloadEvents(), events, "download");
				through.add(Math.max(1, (System.nanoTime() - start) / 1_000_000));
				// where the two hops' CPU goes: the app, the platform, and this process (the HTTP client)
				long[] appKernel = kernelMillis(app.process());
				System.err.printf(Locale.ROOT,
						"round %d: direct %d ms (CPU ms: client %s), through the app %d ms (CPU ms: app %d (user %d, kernel %d), platform %d, HTTP client %d)%n",
						round, direct.get(direct.size() - 1), directCpu, through.get(through.size() - 1),
						cpuMillis(app.process()) - cpuBefore[0], appKernel[0] - appKernelBefore[0],
						appKernel[1] - appKernelBefore[1],
						cpuMillis(platform.process().toHandle()) - cpuBefore[1],
						cpuMillis(ProcessHandle.current()) - cpuBefore[2]);
			}
			long concurrentStart = System.nanoTime();
			int errors = 0;
			ExecutorService pool = Executors.newFixedThreadPool(concurrent);
			try {
				List<Future<Long>> downloads = new ArrayList<>();
				for (int i = 0; i < concurrent; i++) {
					downloads.add(pool.submit(app::downloadEvents));
				}
				for (Future<Long> download : downloads) {
					try {
						if (download.get() != events) {
							errors++;
						}
					}
					catch (Exception ex) {
						System.err.println("concurrent download failed: " + ex.getCause());
						errors++;
					}
				}
			}
			finally {
				pool.shutdownNow();
			}
			long concurrentMs = (System.nanoTime() - concurrentStart) / 1_000_000;
			long peakMb = Math.round(app.peakHeapBytes() / (1024.0 * 1024.0));
			long directBest = BenchProcesses.best(direct);
			long throughBest = BenchProcesses.best(through);
			System.out.printf(Locale.ROOT,
					"{\"events\": %d, \"rounds\": %d, \"directEventsPerSec\": %d, \"directEventsPerSecMedian\": %d, "
							+ "\"appEventsPerSec\": %d, \"appEventsPerSecMedian\": %d, \"ratio\": %.2f, \"ratioMedian\": %.2f, "
							+ "\"appXmxMB\": %s, \"appPeakHeapMB\": %d, \"concurrent\": %d, \"concurrentErrors\": %d, "
							+ "\"concurrentSeconds\": %.1f, \"directMs\": %s, \"appMs\": %s}%n",
					events, rounds, perSec(events, directBest), perSec(events, BenchProcesses.median(direct)),
					perSec(events, throughBest), perSec(events, BenchProcesses.median(through)),
					(double) directBest / throughBest, BenchProcesses.median(direct) / BenchProcesses.median(through),
					appHeap.replace("m", ""), peakMb, concurrent, errors, concurrentMs / 1000.0, direct, through);
		}
	}

	private static long cpuMillis(ProcessHandle process) {
		return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
	}

	/**
	 * @return the user and the kernel CPU ms of a process so far, from Linux's
	 * {@code /proc/<pid>/stat} (clock ticks of 10 ms); {@code -1}s elsewhere
	 */
	private static long[] kernelMillis(ProcessHandle process) {
		try {
			String stat = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
			// after the command's closing parenthesis: state is field 3, utime 14, stime 15
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return new long[] { Long.parseLong(fields[11]) * 10, Long.parseLong(fields[12]) * 10 };
		}
		catch (java.io.IOException | RuntimeException ex) {
			return new long[] { -1, -1 };
		}
	}

	private static long perSec(long events, double ms) {
		return Math.round(events * 1000.0 / ms);
	}

	private static void check(long lines, long events, String what) {
		if (lines != events) {
			throw new IllegalStateException(what + " got " + lines + " events, not " + events);
		}
	}

}
