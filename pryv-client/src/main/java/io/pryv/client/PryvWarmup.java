package io.pryv.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Runs the client's own code paths once, so that the first real call of a
 * fresh JVM does not pay for them: a fresh JVM spends most of its first
 * second loading and first running the classes of the HTTP client (Reactor
 * Netty, Spring's {@code WebClient}, Reactor) and of the events reader, not in
 * the network. A server starting up calls {@link #run(WebClient)} in the
 * background (the Spring Boot auto-configuration does, unless
 * {@code pryv.warmup.enabled=false}), and its first user finds them ready.
 * <p>
 * It streams a generated {@code events.get} answer (events of every common
 * shape, attachments included) from a throwaway Reactor Netty server on a
 * loopback port of this process, through a connection of its own, with the
 * reactive and the blocking forms and the bytes' pass-through
 * ({@link PryvConnection#streamEventsJson}), and writes each event's bytes; nothing
 * leaves the machine and no platform is called. It never throws: a failure
 * only means a colder first call.
 */
public final class PryvWarmup {

	private static final int EVENTS = 1000;

	private static final int ROUNDS = 2;

	private PryvWarmup() {
	}

	/**
	 * Warm the client up. Blocks for as long as it takes (typically a few hundred
	 * milliseconds on a fresh JVM): call it from a background thread.
	 * @param webClient the {@code WebClient} to go through (the same kind as the
	 * application's, so that its connector is the one warmed up); preferably
	 * without observations, so that the warm-up leaves no trace in the metrics
	 * @return whether it completed
	 */
	public static boolean run(WebClient webClient) {
		DisposableServer server = null;
		try {
			byte[] answer = answer();
			server = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.route((routes) -> routes.get("/warmup/events", (request, response) -> response
					.header("Content-Type", "application/json")
					.sendByteArray(Mono.just(answer))))
				.bindNow(Duration.ofSeconds(10));
			String base = "http://127.0.0.1:" + server.port() + "/";
			PryvService service = PryvService.builder()
				.serviceInfoUrl(null)
				.overrides(Map.of("name", "warm-up", "api", base + "{username}/"))
				.webClient(webClient)
				.build();
			PryvConnection connection = new PryvConnectionFactory(service)
				.connect("http://warm-up@127.0.0.1:" + server.port() + "/warmup/");
			OutputStream sink = OutputStream.nullOutputStream();
			for (int round = 0; round < ROUNDS; round++) {
				Long count = connection.reactive()
					.events(EventsQuery.all())
					.doOnNext((event) -> write(event, sink))
					.count()
					.block(Duration.ofSeconds(30));
				EventsStreamResult result = connection.streamEvents(EventsQuery.all(), (event) -> write(event, sink));
				EventsStreamResult passed = connection.streamEventsJson(EventsQuery.all(),
						(event) -> event.writeWithoutReadTokensTo(sink));
				if (count == null || count != EVENTS || result.eventsCount() != EVENTS || passed.eventsCount() != EVENTS) {
					return false;
				}
			}
			return true;
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			return false;
		}
		finally {
			if (server != null) {
				server.disposeNow(Duration.ofSeconds(5));
			}
		}
	}

	private static void write(Event event, OutputStream out) {
		try {
			event.writeJsonWithoutReadTokens(out);
			event.writeJson(out);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** An {@code events.get} answer with events of the shapes a platform sends most. */
	private static byte[] answer() {
		String[] shapes = {
				"{\"id\":\"w%d\",\"streamIds\":[\"heart\"],\"time\":1700000000.%03d,\"type\":\"frequency/bpm\",\"content\":%d,"
						+ "\"integrity\":\"EVENT:0:sha256-r5Xpvl7V0yujP6EsNkIuxquSobM1VfQp5hS4wORuvLM=\",\"created\":1795681882.584,"
						+ "\"createdBy\":\"warmupaccess\",\"modified\":1795681882.584,\"modifiedBy\":\"warmupaccess\"}",
				"{\"id\":\"w%d\",\"streamIds\":[\"diary\",\"notes\"],\"time\":1700000000.%03d,\"type\":\"note/txt\","
						+ "\"content\":\"caf\\u00e9 \\\"%d\\\" \u65e5\u672c\",\"tags\":[\"a\"],\"clientData\":{\"app\":{\"v\":1.5e3}},"
						+ "\"duration\":null,\"trashed\":false,\"created\":1795681882.5,\"createdBy\":\"a\",\"modified\":1795681882.5,\"modifiedBy\":\"a\"}",
				"{\"id\":\"w%d\",\"streamIds\":[\"files\"],\"time\":1700000000.%03d,\"type\":\"picture/attached\",\"attachments\":"
						+ "[{\"id\":\"f%d\",\"fileName\":\"p.png\",\"type\":\"image/png\",\"size\":70,\"integrity\":\"sha256-x\","
						+ "\"readToken\":\"warmup-token\"}],\"created\":1795681882.92,\"createdBy\":\"a\",\"modified\":1795681882.92,"
						+ "\"modifiedBy\":\"a\"}",
				"{\"id\":\"w%d\",\"streamIds\":[\"body\"],\"time\":1700000000.%03d,\"type\":\"mass/kg\",\"content\":%d.25,"
						+ "\"created\":1795681882.5,\"createdBy\":\"a\",\"modified\":1795681882.5,\"modifiedBy\":\"a\"}" };
		StringBuilder body = new StringBuilder(EVENTS * 320).append("{\"events\":[");
		for (int i = 0; i < EVENTS; i++) {
			if (i > 0) {
				body.append(',');
			}
			body.append(String.format(java.util.Locale.ROOT, shapes[i % shapes.length], i, i % 1000, i));
		}
		body.append("],\"meta\":{\"apiVersion\":\"2.0.0-pre.4\",\"serverTime\":1795681931.539,\"serial\":\"2026112601\"}}");
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

}
