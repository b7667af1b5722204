package io.pryv.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Child processes of the benchmarks: the Node.js loopback platform
 * ({@code loopback-server.js}), JVMs on this classpath, and what they print.
 */
public final class BenchProcesses {

	private static final Pattern PORT = Pattern.compile("\"port\":\\s*(\\d+)");

	private BenchProcesses() {
	}

	/** A started Node.js loopback platform; closing it stops the process. */
	record NodeServer(Process process, int port, String scheme) implements AutoCloseable {

		NodeServer(Process process, int port) {
			this(process, port, "http");
		}

		/** @return the API endpoint of N events on it */
		String apiEndpoint(long events) {
			return this.scheme + "://bench-token@127.0.0.1:" + this.port + "/n" + events + "/";
		}

		String serviceInfoUrl() {
			return this.scheme + "://127.0.0.1:" + this.port + "/reg/service/info";
		}

		@Override
		public void close() {
			this.process.destroy();
		}

	}

	/**
	 * Start {@code loopback-server.js}.
	 * @param grantedEvents the events of the endpoint it grants to apps that sign in
	 */
	static NodeServer startNodeServer(long grantedEvents) throws IOException {
		return startNodeServer(grantedEvents, null);
	}

	/**
	 * Start {@code loopback-server.js}, over HTTPS when given a key and a certificate.
	 * @param grantedEvents the events of the endpoint it grants to apps that sign in
	 * @param tls the PEM files of its private key and certificate, or {@code null} for plain HTTP
	 */
	static NodeServer startNodeServer(long grantedEvents, Tls tls) throws IOException {
		List<String> command = new ArrayList<>(List.of(System.getProperty("bench.node", "node"),
				required("bench.loopback.script"), "--events", String.valueOf(grantedEvents)));
		if (tls != null) {
			command.addAll(List.of("--tls-key", tls.key().toString(), "--tls-cert", tls.certificate().toString()));
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		Matcher matcher = (line != null) ? PORT.matcher(line) : null;
		if (matcher == null || !matcher.find()) {
			process.destroy();
			throw new IllegalStateException("loopback-server.js printed no port: " + line);
		}
		return new NodeServer(process, Integer.parseInt(matcher.group(1)), (tls != null) ? "https" : "http");
	}

	/**
	 * A throwaway self-signed certificate of 127.0.0.1 and localhost, made at run
	 * time (by {@code first-call.sh --https}): the PEM files of the server's key
	 * and certificate, and a PKCS12 trust store holding only that certificate.
	 */
	record Tls(Path key, Path certificate, Path trustStore, String trustStorePassword) {

		/** @return the JVM options that make a JVM's default TLS setup trust the certificate */
		List<String> jvmOptions() {
			return List.of("-Djavax.net.ssl.trustStore=" + this.trustStore,
					"-Djavax.net.ssl.trustStorePassword=" + this.trustStorePassword,
					"-Djavax.net.ssl.trustStoreType=PKCS12");
		}

		/** @return the environment that makes Node.js trust the certificate, besides its own CAs */
		Map<String, String> nodeEnvironment() {
			return Map.of("NODE_EXTRA_CA_CERTS", this.certificate.toString());
		}

	}

	/** @return the command that runs {@code mainClass} in a JVM on this classpath */
	static List<String> java(List<String> jvmOptions, String mainClass, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * Run a command to its end.
	 * @return the last line it printed that starts with {@code {}
	 */
	public static String lastJsonLine(List<String> command) throws IOException, InterruptedException {
		return lastJsonLine(command, Map.of());
	}

	/**
	 * Run a command to its end, with more environment variables.
	 * @return the last line it printed that starts with {@code {}
	 */
	static String lastJsonLine(List<String> command, Map<String, String> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		if (command.get(0).endsWith("node") || command.get(0).equals(System.getProperty("bench.node"))) {
			builder.environment().put("NODE_PATH", required("bench.libjs.modules"));
		}
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException(command + " failed: " + output);
		}
		return output.lines().filter((text) -> text.startsWith("{")).reduce((first, second) -> second)
			.orElseThrow(() -> new IllegalStateException(command + " printed no result: " + output));
	}

	/** @return a free loopback port (free when asked) */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static String required(String property) {
		String value = System.getProperty(property);
		if (value == null) {
			throw new IllegalStateException("System property " + property + " is not set: run the benchmarks/*.sh scripts");
		}
		return value;
	}

	static long best(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).min().orElseThrow();
	}

	public static double median(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
	}

}
