package com.example.plain;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.pryv.client.ApiEndpoint;
import io.pryv.client.Event;
import io.pryv.client.EventsQuery;
import io.pryv.client.EventsStreamResult;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The client in a plain Java program with nothing but pryv-client and what it
 * brings: a service, a connection, a streamed call and a batch call against a
 * platform on a loopback port. It failed with a ClassNotFoundException
 * (org.springframework.context.SmartLifecycle, needed by Spring's Reactor
 * connector) before pryv-client depended on spring-context.
 */
class PlainJavaClientTest {

	@Test
	void noSpringBootOnTheClassPath() {
		assertThrows(ClassNotFoundException.class, () -> Class.forName("org.springframework.boot.SpringApplication"));
	}

	@Test
	void streamsEventsAndRunsACallWithOnlyTheClientArtifact() throws Exception {
		HttpServer platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		platform.createContext("/alice/events", (exchange) -> {
			byte[] body = ("{\"events\":[{\"id\":\"e1\",\"streamIds\":[\"diary\"],\"type\":\"note/txt\",\"time\":1.5e9,"
					+ "\"content\":\"hi\"},{\"id\":\"e2\",\"streamIds\":[\"heart\"],\"type\":\"frequency/bpm\",\"time\":1.6e9,"
					+ "\"content\":62}],\"meta\":{\"apiVersion\":\"2.0.0\",\"serverTime\":1.7e9}}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		platform.createContext("/alice/access-info", (exchange) -> {
			byte[] body = "{\"type\":\"app\",\"name\":\"plain\",\"id\":\"a1\",\"user\":{\"username\":\"alice\"},\"permissions\":[],\"meta\":{\"serverTime\":1.7e9}}"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		platform.start();
		try {
			String api = "http://127.0.0.1:" + platform.getAddress().getPort() + "/";
			PryvService service = PryvService.builder().overrides(Map.of("name", "plain", "api", api + "{username}/")).build();
			PryvConnection connection = new PryvConnectionFactory(service)
				.connect(ApiEndpoint.parse("http://token@127.0.0.1:" + platform.getAddress().getPort() + "/alice/"));
			List<String> ids = new ArrayList<>();
			EventsStreamResult result = connection.streamEvents(EventsQuery.all(), (Event event) -> ids.add(event.id()));
			assertEquals(List.of("e1", "e2"), ids);
			assertEquals(2, result.eventsCount());
			assertEquals("alice", connection.username());
		}
		finally {
			platform.stop(0);
		}
	}

}
