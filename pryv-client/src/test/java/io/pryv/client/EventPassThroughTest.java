package io.pryv.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The pass-through of events' original bytes ({@link Event#writeJson} and
 * {@link Event#writeJsonWithoutReadTokens}): every event shape a real server
 * sent, wherever the chunks of the answer end, comes out byte for byte; read
 * tokens are cut out of the bytes and nothing else changes.
 */
class EventPassThroughTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void writesEveryRecordedEventShapeByteForByteWhereverTheChunksEnd() throws IOException {
		List<String> events = RecordedEventShapes.all();
		String answer = "{\"events\":[" + String.join(",", events) + "],\"meta\":{\"apiVersion\":\"2.0.0-pre.4\"}}";
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		for (int chunk : new int[] { 1, 2, 7, 100, 313, 4096, bytes.length }) {
			List<Event> parsed = parse(bytes, chunk);
			assertThat(parsed).as("chunk " + chunk).hasSize(events.size());
			for (int i = 0; i < events.size(); i++) {
				assertThat(written(parsed.get(i), false)).as("chunk " + chunk + ", event " + i).isEqualTo(events.get(i));
				if (parsed.get(i).attachments().isEmpty()) {
					assertThat(written(parsed.get(i), true)).isEqualTo(events.get(i));
				}
			}
		}
	}

	@Test
	void writesTheRecordedFiveThousandEventsAsTheServerSentThem() throws IOException {
		byte[] body;
		try (InputStream in = getClass().getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			body = in.readAllBytes();
		}
		String text = new String(body, StandardCharsets.UTF_8);
		String array = text.substring(text.indexOf('[') + 1, text.lastIndexOf("], \"meta\""));
		for (int chunk : new int[] { 1000, 65536 }) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
			List<Event> events = parse(body, chunk);
			for (int i = 0; i < events.size(); i++) {
				if (i > 0) {
					out.write(',');
				}
				events.get(i).writeJsonWithoutReadTokens(out);
			}
			assertThat(events).hasSize(5000);
			assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(array);
		}
	}

	@Test
	void keepsEscapesAndUnicodeAsSent() throws IOException {
		String event = "{\"id\":\"\\u00e9v\\\"1\\\\\",\"streamIds\":[\"caf\u00e9\",\"\\ud83d\\ude00\"],"
				+ "\"type\":\"note/txt\",\"content\":\"line\\nbreak \u65e5\u672c \ud83d\ude00 \\/\",\"time\":-1.25e3,"
				+ "\"attachments\":[{\"id\":\"f\",\"fileName\":\"\u00e9t\u00e9 \\\"1\\\".png\",\"readToken\":\"t\\u0031\"}],"
				+ "\"clientData\":{\"\u00e9\":[1E+2,-0,null]}}";
		String answer = "{\"events\":[" + event + " , " + event + "]}";
		for (int chunk = 1; chunk <= 64; chunk++) {
			List<Event> events = parse(answer.getBytes(StandardCharsets.UTF_8), chunk);
			assertThat(events).hasSize(2);
			assertThat(written(events.get(1), false)).isEqualTo(event);
			assertThat(written(events.get(1), true)).isEqualTo(event.replace(",\"readToken\":\"t\\u0031\"", ""));
		}
	}

	@Test
	void cutsTheRecordedReadTokenAndNothingElse() throws IOException {
		JsonNode recorded = PryvFixture.load("attachment-create").responseJson(PryvFixture.RECORDED_BASE).get("event");
		String original = MAPPER.writeValueAsString(recorded);
		Event event = parse(("{\"events\":[" + original + "]}").getBytes(StandardCharsets.UTF_8), 50).get(0);
		String readToken = event.attachments().get(0).readToken();
		assertThat(readToken).isNotBlank();

		String stripped = written(event, true);

		assertThat(stripped).doesNotContain(readToken).doesNotContain("readToken");
		assertThat(stripped).isEqualTo(original.replace(",\"readToken\":\"" + readToken + "\"", ""));
		ObjectNode expected = (ObjectNode) recorded.deepCopy();
		((ObjectNode) expected.get("attachments").get(0)).remove("readToken");
		assertThat(MAPPER.readTree(stripped)).isEqualTo(expected);
		assertThat(written(event, false)).isEqualTo(original);
	}

	@Test
	void cutsReadTokensWhereverTheyStandInEachAttachment() throws IOException {
		String[][] cases = {
				{ "{\"id\":\"a\",\"attachments\":[{\"readToken\":\"r\",\"id\":\"f\"}]}",
						"{\"id\":\"a\",\"attachments\":[{\"id\":\"f\"}]}" },
				{ "{\"id\":\"a\",\"attachments\":[{\"id\":\"f\",\"readToken\":\"r\",\"size\":3}]}",
						"{\"id\":\"a\",\"attachments\":[{\"id\":\"f\",\"size\":3}]}" },
				{ "{\"id\":\"a\",\"attachments\":[{\"readToken\":\"r\"}]}", "{\"id\":\"a\",\"attachments\":[{}]}" },
				{ "{\"attachments\":[{\"id\":\"f\",\"readToken\":\"r\",\"readToken\":\"s\"},{\"id\":\"g\",\"readToken\":\"t\"}],\"id\":\"a\"}",
						"{\"attachments\":[{\"id\":\"f\"},{\"id\":\"g\"}],\"id\":\"a\"}" },
				{ "{\"attachments\":[{\"readToken\":\"r\",\"readToken\":\"s\",\"id\":\"f\"}]}",
						"{\"attachments\":[{\"id\":\"f\"}]}" },
				{ "{ \"attachments\" : [ { \"id\" : \"f\" , \"readToken\" : \"r\" } ] }",
						"{ \"attachments\" : [ { \"id\" : \"f\" } ] }" },
				{ "{\"attachments\":[{\"read\\u0054oken\":\"r\",\"id\":\"f\"}]}", "{\"attachments\":[{\"id\":\"f\"}]}" },
				// read tokens elsewhere are the app's data, not an attachment's: kept
				{ "{\"content\":{\"readToken\":\"c\"},\"attachments\":[{\"id\":\"f\",\"meta\":{\"readToken\":\"m\"},\"readToken\":\"r\"}],\"readToken\":\"e\"}",
						"{\"content\":{\"readToken\":\"c\"},\"attachments\":[{\"id\":\"f\",\"meta\":{\"readToken\":\"m\"}}],\"readToken\":\"e\"}" },
				{ "{\"attachments\":[{\"id\":\"f\",\"fileName\":\"readToken\",\"x\":[\"]}\",{\"readToken\":1}]}]}",
						"{\"attachments\":[{\"id\":\"f\",\"fileName\":\"readToken\",\"x\":[\"]}\",{\"readToken\":1}]}]}" } };
		for (String[] example : cases) {
			Event event = parse(("{\"events\":[" + example[0] + "]}").getBytes(StandardCharsets.UTF_8), 3).get(0);
			assertThat(written(event, true)).as(example[0]).isEqualTo(example[1]);
			assertThat(written(event, false)).as(example[0]).isEqualTo(example[0]);
			assertThat(MAPPER.readTree(written(event, true))).as(example[0]).isNotNull();
		}
	}

	@Test
	void cutsReadTokensOfEventsMadeFromATreeToo() throws IOException {
		JsonNode recorded = PryvFixture.load("attachment-create").responseJson(PryvFixture.RECORDED_BASE).get("event");
		Event event = Event.from(recorded);

		String stripped = written(event, true);

		ObjectNode expected = (ObjectNode) recorded.deepCopy();
		((ObjectNode) expected.get("attachments").get(0)).remove("readToken");
		assertThat(MAPPER.readTree(stripped)).isEqualTo(expected);
		assertThat(MAPPER.readTree(written(event, false))).isEqualTo(recorded);
	}

	@Test
	void invalidJsonIsStillAnErrorAfterTheEventsBeforeIt() {
		String answer = "{\"events\":[{\"id\":\"ok\",\"attachments\":[{\"id\":\"f\",\"readToken\":\"r\"}]},"
				+ "{\"id\":\"bad\",\"attachments\":[{\"readToken\":\"r\",}]}],\"meta\":{}}";
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		for (int chunk : new int[] { 1, 9, bytes.length }) {
			List<Event> delivered = new ArrayList<>();
			assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> parseInto(bytes, chunk, delivered))
				.withMessageContaining("malformed JSON after 1 event delivered");
			assertThat(delivered).extracting(Event::id).containsExactly("ok");
		}
	}

	private static String written(Event event, boolean withoutReadTokens) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			if (withoutReadTokens) {
				event.writeJsonWithoutReadTokens(out);
			}
			else {
				event.writeJson(out);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static List<Event> parse(byte[] answer, int chunk) {
		List<Event> events = new ArrayList<>();
		parseInto(answer, chunk, events);
		return events;
	}

	private static void parseInto(byte[] answer, int chunk, List<Event> events) {
		EventsStreamParser parser = new EventsStreamParser(MAPPER, false, false, "events.get (test)");
		for (int offset = 0; offset < answer.length; offset += chunk) {
			byte[] part = Arrays.copyOfRange(answer, offset, Math.min(answer.length, offset + chunk));
			parser.feed(DefaultDataBufferFactory.sharedInstance.wrap(part)).forEach((item) -> events.add((Event) item));
		}
		parser.finish().forEach((item) -> events.add((Event) item));
		parser.complete();
	}

}
