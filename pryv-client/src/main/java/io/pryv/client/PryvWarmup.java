package io.pryv.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;

import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.SslProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
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
 * <p>
 * It also covers TLS, which the first call to an HTTPS platform would otherwise
 * set up (≈1,200 classes of the JDK's TLS and Netty's): it builds Reactor
 * Netty's default client SSL context (the one a {@code WebClient} with the
 * default Reactor Netty connector builds for its first {@code https://} URL,
 * with the JVM's default trust managers), then streams the same answer once
 * more over HTTPS from a second loopback server, whose EC key pair and
 * self-signed certificate of {@code 127.0.0.1} are made at run time, through a
 * Reactor Netty client that trusts exactly that certificate (a full TLS 1.3
 * handshake, certificate checks, encrypted records).
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
		byte[] answer;
		try {
			answer = answer();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
		boolean plain = plain(webClient, answer);
		boolean tls = tls(answer);
		return plain && tls;
	}

	/** The client's code paths over plain HTTP, through the application's kind of {@code WebClient}. */
	private static boolean plain(WebClient webClient, byte[] answer) {
		DisposableServer server = null;
		try {
			server = serve(HttpServer.create(), answer);
			PryvConnection connection = connect(webClient, "http", server.port());
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
			dispose(server);
		}
	}

	/**
	 * TLS: Reactor Netty's default client SSL context, then one stream of the
	 * answer over HTTPS from a loopback server with a certificate made here.
	 */
	private static boolean tls(byte[] answer) {
		DisposableServer server = null;
		try {
			// what the first https:// request of a default Reactor Netty connector builds: its default
			// SslProvider (JDK SSLContext, default trust managers of the JVM's trust store)
			HttpClient.create().secure();
			WarmupCertificate certificate = WarmupCertificate.generate();
			SslProvider.GenericSslContextSpec<SslContextBuilder> serverTls = Http11SslContextSpec
				.forServer(certificate.keyPair().getPrivate(), certificate.certificate());
			SslProvider.GenericSslContextSpec<SslContextBuilder> clientTls = Http11SslContextSpec.forClient()
				.configure((builder) -> builder.trustManager(certificate.certificate()));
			server = serve(HttpServer.create().secure((spec) -> spec.sslContext(serverTls)), answer);
			HttpClient trusting = HttpClient.create().secure((spec) -> spec.sslContext(clientTls));
			WebClient webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(trusting)).build();
			PryvConnection connection = connect(webClient, "https", server.port());
			EventsStreamResult result = connection.streamEvents(EventsQuery.all(), (event) -> {
			});
			return result.eventsCount() == EVENTS;
		}
		catch (GeneralSecurityException | RuntimeException | LinkageError ex) {
			return false;
		}
		finally {
			dispose(server);
		}
	}

	private static void dispose(DisposableServer server) {
		if (server != null) {
			try {
				server.disposeNow(Duration.ofSeconds(5));
			}
			catch (RuntimeException ex) {
				// not stopped within 5 s: its port goes with the process
			}
		}
	}

	/** @return the server, bound to a free loopback port, answering {@code GET /warmup/events} */
	private static DisposableServer serve(HttpServer server, byte[] answer) {
		return server.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/warmup/events", (request, response) -> response
				.header("Content-Type", "application/json")
				.sendByteArray(Mono.just(answer))))
			.bindNow(Duration.ofSeconds(10));
	}

	private static PryvConnection connect(WebClient webClient, String scheme, int port) {
		String base = scheme + "://127.0.0.1:" + port + "/";
		PryvService service = PryvService.builder()
			.serviceInfoUrl(null)
			.overrides(Map.of("name", "warm-up", "api", base + "{username}/"))
			.webClient(webClient)
			.build();
		return new PryvConnectionFactory(service).connect(scheme + "://warm-up@127.0.0.1:" + port + "/warmup/");
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
