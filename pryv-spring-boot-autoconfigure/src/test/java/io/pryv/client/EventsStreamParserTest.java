package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental parser on the recorded 5,000-event answer, cut into chunks of
 * every awkward size: each event's typed fields and original bytes must come out
 * exactly as recorded, wherever the chunk boundaries fall.
 */
class EventsStreamParserTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static byte[] body;

	private static List<String> originalTexts;

	private static List<JsonNode> originalTrees;

	@BeforeAll
	static void load() throws IOException {
		try (InputStream in = EventsStreamParserTest.class.getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			body = in.readAllBytes();
		}
		String text = new String(body, StandardCharsets.UTF_8);
		String events = text.substring(text.indexOf('[') + 1, text.lastIndexOf("], \"meta\""));
		originalTexts = new ArrayList<>();
		for (String part : events.split(",(?=\\{\"id\":\")")) {
			originalTexts.add(part);
		}
		originalTrees = new ArrayList<>();
		MAPPER.readTree(body).get("events").forEach(originalTrees::add);
	}

	@Test
	void keepsEveryEventsOriginalBytesWhateverTheChunkSize() {
		assertThat(originalTexts).hasSize(5000);
		for (int chunk : new int[] { 1, 7, 313, 314, 4096, 65536, body.length }) {
			List<Event> events = parse(body, chunk);
			assertThat(events).as("chunk " + chunk).hasSize(5000);
			for (int i = 0; i < events.size(); i++) {
				Event event = events.get(i);
				assertThat(event.toJson()).as("chunk " + chunk + ", event " + i).isEqualTo(originalTexts.get(i));
			}
		}
	}

	@Test
	void readsTheTypedFieldsAsTheTreeHasThem() {
		List<Event> events = parse(body, 1000);
		for (int i = 0; i < events.size(); i++) {
			Event streamed = events.get(i);
			Event fromTree = Event.from(originalTrees.get(i));
			assertThat(streamed).as("event " + i).isEqualTo(fromTree);
			assertThat(streamed.raw()).isEqualTo(originalTrees.get(i));
		}
	}

	@Test
	void readsEveryFieldShapeAndSkipsUnknownOnes() {
		String answer = "{\"events\":[{\"id\":\"e1\",\"unknown\":{\"deep\":[{\"id\":\"not me\"}]},\"streamIds\":[\"a\",\"b\"],"
				+ "\"type\":\"note/txt\",\"content\":{\"text\":\"hi\",\"n\":[1,2.5]},\"time\":1.5,\"duration\":null,"
				+ "\"clientData\":{\"app\":true},\"trashed\":true,\"attachments\":[{\"id\":\"f\",\"fileName\":\"a.png\",\"size\":3}],"
				+ "\"tags\":[\"x\"],\"deleted\":9}],\"meta\":{}}";
		Event event = parse(answer.getBytes(StandardCharsets.UTF_8), 3).get(0);
		assertThat(event.id()).isEqualTo("e1");
		assertThat(event.streamIds()).containsExactly("a", "b");
		assertThat(event.content().get("n").get(1).doubleValue()).isEqualTo(2.5);
		assertThat(event.time()).isEqualTo(1.5);
		assertThat(event.duration()).isNull();
		assertThat(event.clientData().get("app").asBoolean()).isTrue();
		assertThat(event.trashed()).isTrue();
		assertThat(event.deleted()).isEqualTo(9.0);
		assertThat(event.attachments()).singleElement().satisfies((a) -> assertThat(a.size()).isEqualTo(3L));
		assertThat(event.raw().get("unknown").get("deep").get(0).get("id").asString()).isEqualTo("not me");
		assertThat(event.raw().get("tags").get(0).asString()).isEqualTo("x");
		assertThat(event).isEqualTo(Event.from(event.raw()));
	}

	private static List<Event> parse(byte[] answer, int chunk) {
		EventsStreamParser parser = new EventsStreamParser(MAPPER, false, false, "events.get (test)");
		List<Event> events = new ArrayList<>();
		for (int offset = 0; offset < answer.length; offset += chunk) {
			byte[] part = Arrays.copyOfRange(answer, offset, Math.min(answer.length, offset + chunk));
			parser.feed(DefaultDataBufferFactory.sharedInstance.wrap(part)).forEach((item) -> events.add((Event) item));
		}
		parser.finish().forEach((item) -> events.add((Event) item));
		parser.complete();
		return events;
	}

}
