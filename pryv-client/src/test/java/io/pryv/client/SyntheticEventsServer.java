package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback server answering {@code GET /{user}/events} with N events in the
 * exact shape of a real open-pryv.io answer: the 5,000 recorded events
 * ({@code fixtures/events-get-5000.body.json}) repeated, written as they are
 * generated (chunked, never held in memory), {@code meta} last.
 * WireMock would need the whole body in memory, which is what this must avoid.
 */
final class SyntheticEventsServer implements AutoCloseable {

	private final HttpServer server;

	private final long count;

	SyntheticEventsServer(long count) throws IOException {
		this.count = count;
		List<byte[]> events = recordedEvents();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = new java.io.BufferedOutputStream(exchange.getResponseBody(), 64 * 1024)) {
				out.write("{\"events\":[".getBytes(StandardCharsets.UTF_8));
				for (long i = 0; i < this.count; i++) {
					if (i > 0) {
						out.write(',');
					}
					out.write(events.get((int) (i % events.size())));
				}
				out.write("],\"meta\":{\"apiVersion\":\"2.0.0-pre.4\",\"serverTime\":1795681931.539,\"serial\":\"2026112601\"}}"
					.getBytes(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				// the client went away: nothing more to send
			}
		});
		this.server.start();
	}

	/** @return the API endpoint of the served user, with a token */
	String apiEndpoint() {
		return "http://bench-token@127.0.0.1:" + this.server.getAddress().getPort() + "/bench/";
	}

	private static List<byte[]> recordedEvents() throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		try (InputStream in = SyntheticEventsServer.class.getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			List<byte[]> events = new ArrayList<>();
			for (JsonNode event : mapper.readTree(in).get("events")) {
				events.add(mapper.writeValueAsBytes(event));
			}
			return events;
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
