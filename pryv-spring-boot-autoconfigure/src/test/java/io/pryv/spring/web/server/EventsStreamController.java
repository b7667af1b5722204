package io.pryv.spring.web.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.Event;
import io.pryv.client.EventsQuery;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.spring.web.PryvAuthorization;

/**
 * The example of the README: a WebFlux endpoint that streams the user's events
 * from the platform to the browser as NDJSON or as server-sent events, one event
 * at a time, demand flowing from the browser's socket back to the platform's.
 * Each event goes out as the bytes the platform sent, less its attachments'
 * read tokens.
 */
@RestController
class EventsStreamController {

	private final ServerPryvConnectionRepository repository;

	EventsStreamController(ServerPryvConnectionRepository repository) {
		this.repository = repository;
	}

	@GetMapping(path = "/api/events", produces = MediaType.APPLICATION_NDJSON_VALUE)
	Flux<byte[]> ndjson(ReactivePryvConnection connection) {
		return connection.events(EventsQuery.all()).map((event) -> json(event, '\n'));
	}

	@GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> serverSentEvents(ReactivePryvConnection connection) {
		return connection.events(EventsQuery.all())
			.map((event) -> ServerSentEvent.builder(new String(json(event, -1), StandardCharsets.UTF_8))
				.id(event.id())
				.event("event")
				.build());
	}

	/** Stands for a finished Pryv login in these tests: the login filters store the same record. */
	@PostMapping("/test-login")
	Mono<Void> login(@RequestParam String apiEndpoint, @RequestParam String username, ServerWebExchange exchange) {
		return this.repository.save(new PryvAuthorization(ApiEndpoint.parse(apiEndpoint), username), exchange);
	}

	/** Who is signed in, from the stored login. */
	@GetMapping("/api/me")
	String me(PryvAuthorization authorization) {
		return authorization.username();
	}

	/** A handler that blocks its thread, to prove that the non-blocking check catches it. */
	@GetMapping("/test-blocking")
	Mono<String> blocking() {
		return Mono.fromCallable(() -> {
			Thread.sleep(1);
			return "slept";
		});
	}

	private static byte[] json(Event event, int separator) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(512);
		try {
			event.writeJsonWithoutReadTokens(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (separator >= 0) {
			out.write(separator);
		}
		return out.toByteArray();
	}

}
