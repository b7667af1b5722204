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

	@Test
	void readsEscapesUnicodeAndEveryNumberShapeWhereverTheChunksEnd() {
		String event = "{\"id\":\"\\u00e9v\\\"1\\\\\",\"streamIds\":[\"caf\u00e9\",\"\\ud83d\\ude00\",7,\"b\"],"
				+ "\"type\":\"note/txt\",\"content\":\"line\\nbreak \u65e5\u672c\",\"time\":-1.25e3,\"duration\":0.1,"
				+ "\"created\":1795681931.157,\"modified\":12345678901234567890,\"deleted\":4.9E-324,"
				+ "\"clientData\":{\"x\":[true,false,null,-0,1E+2]},\"trashed\":false,\"integrity\":123,"
				+ "\"createdBy\":null,\"modifiedBy\":[\"not a text\"]}";
		String answer = "{\"events\":[" + event + " , " + event.replace("-1.25e3", "3") + "],\"meta\":{}}";
		JsonNode tree = MAPPER.readTree(event);
		for (int chunk = 1; chunk <= answer.length(); chunk += (chunk < 40) ? 1 : 37) {
			List<Event> events = parse(answer.getBytes(StandardCharsets.UTF_8), chunk);
			assertThat(events).as("chunk " + chunk).hasSize(2);
			Event first = events.get(0);
			assertThat(first).as("chunk " + chunk).isEqualTo(Event.from(tree));
			assertThat(first.id()).isEqualTo("\u00e9v\"1\\");
			assertThat(first.streamIds()).containsExactly("caf\u00e9", "\ud83d\ude00", "b");
			assertThat(first.content().asString()).isEqualTo("line\nbreak \u65e5\u672c");
			assertThat(first.time()).isEqualTo(-1250.0);
			assertThat(first.created()).isEqualTo(1795681931.157);
			assertThat(first.modified()).isEqualTo(12345678901234567890.0);
			assertThat(first.deleted()).isEqualTo(Double.MIN_VALUE);
			assertThat(first.integrity()).isEqualTo("123");
			assertThat(first.createdBy()).isNull();
			assertThat(first.modifiedBy()).isNull();
			assertThat(first.toJson()).isEqualTo(event);
			assertThat(events.get(1).time()).isEqualTo(3.0);
		}
	}

	@Test
	void readsEventsWhoseKeysComeInAnyOrder() {
		String[] events = { "{\"id\":\"a\",\"created\":1,\"createdBy\":\"x\",\"time\":2,\"type\":\"t/a\"}",
				"{\"createdBy\":\"y\",\"created\":3,\"type\":\"t/b\",\"time\":4,\"id\":\"b\"}",
				"{\"modifiedBy\":\"m\",\"idx\":\"not the id\",\"modified\":5,\"ids\":[1],\"id\":\"c\",\"timeZone\":\"UTC\"}",
				"{\"id\":\"d\",\"created\":6,\"createdBy\":\"z\",\"time\":7,\"type\":\"t/d\"}",
				"{\"typ\":1,\"tim\":2,\"i\":3,\"\":4,\"id\":\"e\",\"attachmentsX\":[],\"streamIdsAndMore\":5}" };
		String answer = "{\"events\":[" + String.join(",", events) + "]}";
		for (int chunk = 1; chunk <= answer.length(); chunk += (chunk < 30) ? 1 : 29) {
			List<Event> parsed = parse(answer.getBytes(StandardCharsets.UTF_8), chunk);
			assertThat(parsed).as("chunk " + chunk).hasSize(events.length);
			for (int i = 0; i < events.length; i++) {
				assertThat(parsed.get(i)).as("chunk " + chunk + ", event " + i).isEqualTo(Event.from(MAPPER.readTree(events[i])));
			}
		}
	}

	@Test
	void readsEventsLargerThanManyChunks() {
		String big = "x".repeat(100_000);
		String[] events = { "{\"id\":\"small\",\"time\":1}",
				"{\"id\":\"big\",\"content\":{\"text\":\"" + big + "\",\"list\":[1,{\"a\":\"]}\"}]},\"time\":2}",
				"{\"id\":\"after\",\"time\":3}" };
		String answer = "{\"events\":[" + String.join(",", events) + "],\"meta\":{}}";
		for (int chunk : new int[] { 997, 4096, 65536, answer.length() }) {
			List<Event> parsed = parse(answer.getBytes(StandardCharsets.UTF_8), chunk);
			assertThat(parsed).as("chunk " + chunk).extracting(Event::id).containsExactly("small", "big", "after");
			assertThat(parsed.get(1).content().get("text").asString()).hasSize(100_000);
			assertThat(parsed.get(1).toJson()).isEqualTo(events[1]);
		}
	}

	@Test
	void readsNumbersExactlyAsTheJdkDoes() {
		java.util.Random random = new java.util.Random(42);
		StringBuilder answer = new StringBuilder("{\"events\":[");
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 20000; i++) {
			double value = switch (i % 4) {
				case 0 -> 1.7e9 + random.nextInt(100_000_000) / 1000.0;
				case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
				case 2 -> -random.nextInt(1_000_000) / 100.0;
				default -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
			};
			String text = (i % 8 == 0) ? String.format(java.util.Locale.ROOT, "%.3f", value) : Double.toString(value);
			texts.add(text);
			answer.append((i > 0) ? "," : "").append("{\"time\":").append(text).append('}');
		}
		answer.append("]}");
		List<Event> events = parse(answer.toString().getBytes(StandardCharsets.UTF_8), 4096);
		for (int i = 0; i < texts.size(); i++) {
			assertThat(events.get(i).time()).as(texts.get(i)).isEqualTo(Double.parseDouble(texts.get(i)));
		}
	}

	@Test
	void rejectsInvalidJsonInsideAnEvent() {
		for (String bad : new String[] { "{\"id\":\"a\\q\"}", "{\"id\":\"a\tb\"}", "{\"time\":01}", "{\"time\":1.}",
				"{\"time\":-}", "{\"time\":1e}", "{\"trashed\":tru}", "{\"id\" \"a\"}", "{\"id\":\"a\",}",
				"{\"streamIds\":[\"a\" \"b\"]}", "{\"content\":{\"a\":1,}}", "{id:\"a\"}", "{\"x\":\"\\u12G4\"}" }) {
			String answer = "{\"events\":[{\"id\":\"ok\"}," + bad + "],\"meta\":{}}";
			for (int chunk : new int[] { 1, 5, answer.length() }) {
				EventsStreamParser parser = new EventsStreamParser(MAPPER, false, false, "events.get (test)");
				List<Object> items = new ArrayList<>();
				org.assertj.core.api.Assertions.assertThatExceptionOfType(PryvClientException.class)
					.as(bad + " in chunks of " + chunk)
					.isThrownBy(() -> {
						byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
						for (int offset = 0; offset < bytes.length; offset += chunk) {
							items.addAll(parser.feed(DefaultDataBufferFactory.sharedInstance
								.wrap(Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + chunk)))));
						}
						parser.finish();
						parser.complete();
					})
					.withMessageContaining("malformed JSON after 1 event delivered");
				assertThat(items).as(bad).hasSize(1);
			}
		}
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
