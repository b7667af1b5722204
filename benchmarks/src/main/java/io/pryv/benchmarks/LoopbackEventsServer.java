package io.pryv.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server answering {@code GET /n{N}/events} with N synthetic
 * events in the exact shape of a real open-pryv.io 2.0 answer: the 5,000
 * recorded events of {@code events-get-5000.body.json} (byte for byte, about 314
 * bytes each) repeated until N, {@code meta} last, as the real server sends it.
 * The body is written as it is produced (never held whole in memory), with a
 * {@code Content-Length} so every client reads the same bytes the same way.
 */
public final class LoopbackEventsServer implements AutoCloseable {

	private static final Pattern PATH = Pattern.compile("^/n(\\d+)/events$");

	private static final byte[] PREFIX = "{\"events\":[".getBytes(StandardCharsets.UTF_8);

	private final byte[] block;

	private final int[] eventEnds;

	private final byte[] suffix;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "loopback-server");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Start on a free loopback port.
	 * @throws IOException if the recorded body cannot be read or the port opened
	 */
	public LoopbackEventsServer() throws IOException {
		byte[] recorded;
		try (InputStream in = LoopbackEventsServer.class.getResourceAsStream("/events-get-5000.body.json")) {
			recorded = in.readAllBytes();
		}
		String text = new String(recorded, StandardCharsets.ISO_8859_1);
		int start = text.indexOf('[') + 1;
		int end = text.lastIndexOf("], \"meta\"");
		if (!text.startsWith("{\"events\":[") || end < 0) {
			throw new IllegalStateException("events-get-5000.body.json is not the recorded events.get answer");
		}
		this.block = Arrays.copyOfRange(recorded, start, end);
		this.suffix = Arrays.copyOfRange(recorded, end, recorded.length);
		List<Integer> ends = new ArrayList<>();
		String events = text.substring(start, end);
		int next = events.indexOf(",{\"id\":\"");
		while (next >= 0) {
			ends.add(next);
			next = events.indexOf(",{\"id\":\"", next + 1);
		}
		ends.add(events.length());
		this.eventEnds = ends.stream().mapToInt(Integer::intValue).toArray();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Serve until stopped, printing the endpoint of N events (default 1,000,000),
	 * for runs by hand: {@code stream-events.sh <that endpoint>}.
	 * @param args {@code [N]}
	 */
	public static void main(String[] args) throws IOException, InterruptedException {
		long events = (args.length > 0) ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
		LoopbackEventsServer server = new LoopbackEventsServer();
		System.out.println(server.apiEndpoint(events));
		Thread.currentThread().join();
	}

	/** @return the number of events in the recorded block that is repeated */
	public int recordedEvents() {
		return this.eventEnds.length;
	}

	/**
	 * @param events the number of events
	 * @return the API endpoint whose {@code events} answer has that many events
	 */
	public String apiEndpoint(long events) {
		return "http://bench-token@127.0.0.1:" + this.server.getAddress().getPort() + "/n" + events + "/";
	}

	/**
	 * @param events the number of events
	 * @return the size in bytes of the answer with that many events
	 */
	public long bodySize(long events) {
		long full = events / this.eventEnds.length;
		int rest = (int) (events % this.eventEnds.length);
		long size = PREFIX.length + this.suffix.length + full * this.block.length + Math.max(0, full - 1);
		if (rest > 0) {
			size += ((full > 0) ? 1 : 0) + this.eventEnds[rest - 1];
		}
		return size;
	}

	/**
	 * Write the answer with that many events (what {@link #bodySize} counts).
	 * @param events the number of events
	 * @param out where to write
	 * @throws IOException if writing fails
	 */
	public void writeTo(long events, OutputStream out) throws IOException {
		writeBody(events, out);
	}

	private void writeBody(long events, OutputStream out) throws IOException {
		long full = events / this.eventEnds.length;
		int rest = (int) (events % this.eventEnds.length);
		out.write(PREFIX);
		for (long i = 0; i < full; i++) {
			if (i > 0) {
				out.write(',');
			}
			out.write(this.block);
		}
		if (rest > 0) {
			if (full > 0) {
				out.write(',');
			}
			out.write(this.block, 0, this.eventEnds[rest - 1]);
		}
		out.write(this.suffix);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Matcher matcher = PATH.matcher(exchange.getRequestURI().getPath());
			if (!"GET".equals(exchange.getRequestMethod()) || !matcher.matches()) {
				byte[] error = ("{\"error\":{\"id\":\"unknown-resource\",\"message\":\"Only GET /n{N}/events here\"},"
						+ "\"meta\":{\"apiVersion\":\"2.0.0-pre.4\",\"serverTime\":1795681931.539,\"serial\":\"2026112601\"}}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
				exchange.sendResponseHeaders(404, error.length);
				exchange.getResponseBody().write(error);
				return;
			}
			long events = Long.parseLong(matcher.group(1));
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("api-version", "2.0.0-pre.4");
			exchange.sendResponseHeaders(200, bodySize(events));
			try (OutputStream out = exchange.getResponseBody()) {
				writeBody(events, out);
			}
			catch (IOException ex) {
				// the client went away (cancelled): nothing more to send
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
