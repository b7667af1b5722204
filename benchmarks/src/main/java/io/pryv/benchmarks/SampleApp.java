package io.pryv.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * The sample app (its executable jar) in its own JVM, signed in through its
 * real login against the loopback platform, and downloads of its
 * {@code GET /api/events} as a user's HTTP client makes them. Its heap pools
 * are read over JMX (the local management agent, started by attaching).
 */
final class SampleApp implements AutoCloseable {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern SIGN_IN_FORM = Pattern.compile("<form[^>]*id=\"sign-in-form\"[^>]*>");

	private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

	private final Process process;

	private final String baseUrl;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	private JMXConnector jmx;

	private List<MemoryPoolMXBean> heapPools;

	private SampleApp(Process process, String baseUrl) {
		this.process = process;
		this.baseUrl = baseUrl;
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * Start the app and wait until it answers.
	 * @param jar the sample app's executable jar
	 * @param jvmOptions e.g. {@code -Xmx128m}
	 * @param serviceInfoUrl the platform it signs in on
	 */
	static SampleApp start(Path jar, List<String> jvmOptions, String serviceInfoUrl) throws Exception {
		int port = BenchProcesses.freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
				"--pryv.service-info-url=" + serviceInfoUrl, "--logging.level.root=WARN", "--logging.level.io.pryv=INFO",
				"--spring.main.banner-mode=off"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(new java.io.File(System.getProperty("bench.sample.log", "sample-app.log"))))
			.start();
		SampleApp app = new SampleApp(process, "http://127.0.0.1:" + port);
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (true) {
			try {
				if (app.get("/").statusCode() == 200) {
					return app;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (!process.isAlive() || System.nanoTime() > deadline) {
				app.close();
				throw new IllegalStateException("The sample app did not start (" + command + ")");
			}
			Thread.sleep(200);
		}
	}

	/** Sign in as a user does: the page's sign-in form, the platform's consent (accepted), the return. */
	void signIn() throws Exception {
		String page = get("/").body();
		Matcher form = SIGN_IN_FORM.matcher(page);
		String action = "/login";
		if (form.find()) {
			Matcher matcher = ACTION.matcher(form.group());
			action = matcher.find() ? matcher.group(1) : action;
		}
		Matcher csrf = CSRF.matcher(page);
		if (!csrf.find()) {
			throw new IllegalStateException("No CSRF token on the sample app's page");
		}
		HttpResponse<String> started = this.http.send(HttpRequest.newBuilder(URI.create(this.baseUrl + action))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
		String consentPage = started.headers().firstValue("Location")
			.orElseThrow(() -> new IllegalStateException("Sign-in did not redirect to the platform: " + started.statusCode()));
		if (URI.create(consentPage).getRawQuery() == null || !consentPage.contains("key=")) {
			throw new IllegalStateException("Sign-in redirected to " + consentPage + " instead of the platform's consent page");
		}
		Map<String, String> params = query(URI.create(consentPage).getRawQuery());
		String back = params.get("returnURL") + "prYvkey=" + URLEncoder.encode(params.get("key"), StandardCharsets.UTF_8)
				+ "&prYvstatus=ACCEPTED&prYvpoll=" + URLEncoder.encode(params.get("poll"), StandardCharsets.UTF_8);
		HttpResponse<String> returned = this.http.send(HttpRequest.newBuilder(URI.create(back)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (returned.statusCode() / 100 != 3) {
			throw new IllegalStateException("The sign-in return answered " + returned.statusCode());
		}
	}

	/**
	 * Download {@code GET /api/events} as NDJSON, bytes counted and dropped.
	 * @return the number of lines (events)
	 * @throws IllegalStateException on any status but 200
	 */
	long downloadEvents() throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI
			.create(this.baseUrl + "/api/events?fromTime=-9007199254740991&toTime=9007199254740991")
			.toURL()
			.openConnection();
		connection.setRequestProperty("Cookie", cookieHeader());
		connection.setRequestProperty("Accept", "application/x-ndjson");
		int status = connection.getResponseCode();
		if (status != 200) {
			throw new IllegalStateException("GET /api/events answered " + status);
		}
		long lines = 0;
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = connection.getInputStream()) {
			int read;
			while ((read = in.read(buffer)) > 0) {
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n') {
						lines++;
					}
				}
			}
		}
		return lines;
	}

	/** @return the app's process */
	ProcessHandle process() {
		return this.process.toHandle();
	}

	/** Reset the peaks of the app's heap pools. */
	void resetHeapPeaks() throws Exception {
		for (MemoryPoolMXBean pool : heapPools()) {
			pool.resetPeakUsage();
		}
	}

	/** @return the sum of the app's heap pools' peaks since the last reset (an upper bound of the peak heap) */
	long peakHeapBytes() throws Exception {
		long sum = 0;
		for (MemoryPoolMXBean pool : heapPools()) {
			sum += pool.getPeakUsage().getUsed();
		}
		return sum;
	}

	private List<MemoryPoolMXBean> heapPools() throws Exception {
		if (this.heapPools == null) {
			VirtualMachine vm = VirtualMachine.attach(String.valueOf(this.process.pid()));
			String address;
			try {
				address = vm.startLocalManagementAgent();
			}
			finally {
				vm.detach();
			}
			this.jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
			MBeanServerConnection server = this.jmx.getMBeanServerConnection();
			List<MemoryPoolMXBean> pools = new ArrayList<>();
			for (ObjectName name : server.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null)) {
				MemoryPoolMXBean pool = java.lang.management.ManagementFactory.newPlatformMXBeanProxy(server,
						name.toString(), MemoryPoolMXBean.class);
				if (pool.getType() == MemoryType.HEAP) {
					pools.add(pool);
				}
			}
			this.heapPools = pools;
		}
		return this.heapPools;
	}

	private String cookieHeader() {
		return this.cookies.getCookieStore().get(URI.create(this.baseUrl)).stream().map(HttpCookie::toString)
			.collect(Collectors.joining("; "));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.baseUrl + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, String> query(String rawQuery) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				params.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return params;
	}

	@Override
	public void close() throws IOException {
		if (this.jmx != null) {
			this.jmx.close();
		}
		this.process.destroy();
	}

}
