package io.pryv.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * The pass-through of {@link PryvConnection#streamEventsJson} at the parser:
 * each event's bytes are checked, not decoded, and handed over in place
 * ({@link EventJson}). Every event shape a real server sent, wherever the
 * chunks of the answer end, comes out byte for byte, the same as the typed
 * reader's {@link Event#writeJson}; read tokens are cut out of the bytes and
 * nothing else changes; what is not valid JSON is refused as strictly as the
 * typed reader refuses it, after the events before it.
 */
class EventJsonPassThroughTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void passesEveryRecordedEventShapeByteForByteWhereverTheChunksEnd() {
		List<String> events = RecordedEventShapes.all();
		String answer = "{\"events\":[" + String.join(",", events) + "],\"meta\":{\"apiVersion\":\"2.0.0-pre.4\"}}";
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		for (int chunk : new int[] { 1, 2, 7, 100, 313, 4096, bytes.length }) {
			List<String[]> passed = passThrough(bytes, chunk);
			assertThat(passed).as("chunk " + chunk).hasSize(events.size());
			for (int i = 0; i < events.size(); i++) {
				assertThat(passed.get(i)[0]).as("chunk " + chunk + ", event " + i).isEqualTo(events.get(i));
				if (!events.get(i).contains("\"attachments\"")) {
					assertThat(passed.get(i)[1]).isEqualTo(events.get(i));
				}
			}
		}
	}

	@Test
	void passesTheRecordedFiveThousandEventsAsTheTypedReaderWritesThem() throws IOException {
		byte[] body;
		try (InputStream in = getClass().getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			body = in.readAllBytes();
		}
		String text = new String(body, StandardCharsets.UTF_8);
		String array = text.substring(text.indexOf('[') + 1, text.lastIndexOf("], \"meta\""));
		for (int chunk : new int[] { 1000, 65536 }) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
			EventsStreamParser parser = EventsStreamParser.passThrough(MAPPER, false, "events.get (test)", (event) -> {
				if (out.size() > 0) {
					out.write(',');
				}
				event.writeWithoutReadTokensTo(out);
			});
			feedAll(parser, body, chunk);
			assertThat(parser.result().eventsCount()).isEqualTo(5000);
			assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(array);
		}
	}

	@Test
	void keepsEscapesAndUnicodeAsSent() {
		String event = "{\"id\":\"\\u00e9v\\\"1\\\\\",\"streamIds\":[\"caf\u00e9\",\"\\ud83d\\ude00\"],"
				+ "\"type\":\"note/txt\",\"content\":\"line\\nbreak \u65e5\u672c \ud83d\ude00 \\/\",\"time\":-1.25e3,"
				+ "\"attachments\":[{\"id\":\"f\",\"fileName\":\"\u00e9t\u00e9 \\\"1\\\".png\",\"readToken\":\"t\\u0031\"}],"
				+ "\"clientData\":{\"\u00e9\":[1E+2,-0,null]}}";
		String answer = "{\"events\":[" + event + " , " + event + "]}";
		for (int chunk = 1; chunk <= 64; chunk++) {
			List<String[]> passed = passThrough(answer.getBytes(StandardCharsets.UTF_8), chunk);
			assertThat(passed).hasSize(2);
			assertThat(passed.get(1)[0]).isEqualTo(event);
			assertThat(passed.get(1)[1]).isEqualTo(event.replace(",\"readToken\":\"t\\u0031\"", ""));
		}
	}

	@Test
	void cutsTheRecordedReadTokenAndNothingElse() {
		JsonNode recorded = PryvFixture.load("attachment-create").responseJson(PryvFixture.RECORDED_BASE).get("event");
		String original = MAPPER.writeValueAsString(recorded);
		String readToken = recorded.get("attachments").get(0).get("readToken").asString();
		assertThat(readToken).isNotBlank();

		String[] passed = passThrough(("{\"events\":[" + original + "]}").getBytes(StandardCharsets.UTF_8), 50).get(0);

		assertThat(passed[1]).doesNotContain(readToken).doesNotContain("readToken");
		assertThat(passed[1]).isEqualTo(original.replace(",\"readToken\":\"" + readToken + "\"", ""));
		ObjectNode expected = (ObjectNode) recorded.deepCopy();
		((ObjectNode) expected.get("attachments").get(0)).remove("readToken");
		assertThat(MAPPER.readTree(passed[1])).isEqualTo(expected);
		assertThat(passed[0]).isEqualTo(original);
	}

	@Test
	void cutsReadTokensWhereverTheyStandInEachAttachment() {
		String[][] cases = {
				{ "{\"id\":\"a\",\"attachments\":[{\"readToken\":\"r\",\"id\":\"f\"}]}",
						"{\"id\":\"a\",\"attachments\":[{\"id\":\"f\"}]}" },
				{ "{\"id\":\"a\",\"attachments\":[{\"id\":\"f\",\"readToken\":\"r\",\"size\":3}]}",
						"{\"id\":\"a\",\"attachments\":[{\"id\":\"f\",\"size\":3}]}" },
				{ "{\"attachments\":[{\"id\":\"f\",\"readToken\":\"r\",\"readToken\":\"s\"},{\"id\":\"g\",\"readToken\":\"t\"}],\"id\":\"a\"}",
						"{\"attachments\":[{\"id\":\"f\"},{\"id\":\"g\"}],\"id\":\"a\"}" },
				{ "{ \"attachments\" : [ { \"id\" : \"f\" , \"readToken\" : \"r\" } ] }",
						"{ \"attachments\" : [ { \"id\" : \"f\" } ] }" },
				// escaped spellings of both keys are still those keys
				{ "{\"attachments\":[{\"read\\u0054oken\":\"r\",\"id\":\"f\"}]}", "{\"attachments\":[{\"id\":\"f\"}]}" },
				{ "{\"\\u0061ttachments\":[{\"id\":\"f\",\"readToken\":\"r\"}]}", "{\"\\u0061ttachments\":[{\"id\":\"f\"}]}" },
				// read tokens elsewhere are the app's data, not an attachment's: kept
				{ "{\"content\":{\"readToken\":\"c\"},\"attachments\":[{\"id\":\"f\",\"meta\":{\"readToken\":\"m\"},\"readToken\":\"r\"}],\"readToken\":\"e\"}",
						"{\"content\":{\"readToken\":\"c\"},\"attachments\":[{\"id\":\"f\",\"meta\":{\"readToken\":\"m\"}}],\"readToken\":\"e\"}" },
				{ "{\"content\":{\"attachments\":[{\"readToken\":\"c\"}]}}", "{\"content\":{\"attachments\":[{\"readToken\":\"c\"}]}}" } };
		for (String[] example : cases) {
			for (int chunk : new int[] { 3, 1000 }) {
				String[] passed = passThrough(("{\"events\":[" + example[0] + "]}").getBytes(StandardCharsets.UTF_8), chunk)
					.get(0);
				assertThat(passed[1]).as(example[0]).isEqualTo(example[1]);
				assertThat(passed[0]).as(example[0]).isEqualTo(example[0]);
			}
		}
	}

	@Test
	void aLargeEventSplitAcrossManyChunksIsPassedWhole() {
		String big = "{\"id\":\"big\",\"content\":\"" + "x\\\"".repeat(20_000) + "\",\"attachments\":[{\"id\":\"f\","
				+ "\"readToken\":\"r\"}]}";
		String answer = "{\"events\":[{\"id\":\"a\"}," + big + ",{\"id\":\"b\"}],\"meta\":{}}";
		for (int chunk : new int[] { 100, 4095, 16_384 }) {
			List<String[]> passed = passThrough(answer.getBytes(StandardCharsets.UTF_8), chunk);
			assertThat(passed).extracting((pair) -> pair[0]).containsExactly("{\"id\":\"a\"}", big, "{\"id\":\"b\"}");
			assertThat(passed.get(1)[1]).isEqualTo(big.replace(",\"readToken\":\"r\"", ""));
		}
	}

	@Test
	void invalidJsonIsStillAnErrorAfterTheEventsBeforeIt() {
		String[] invalid = { "{\"id\":\"bad\",\"attachments\":[{\"readToken\":\"r\",}]}", "{\"id\": oops}",
				"{\"id\":\"x\",\"time\":01}", "{\"id\":\"x\",\"time\":1.}", "{\"id\":\"x\",\"time\":1e}",
				"{\"id\":\"x\",\"time\":-}", "{\"id\":\"x\" \"type\":\"a\"}", "{\"id\":\"x\",}", "{id:\"x\"}",
				"{\"id\":\"tab\tinside\"}", "{\"id\":\"\\x\"}", "{\"id\":\"\\u12g4\"}", "{\"trashed\":tru}",
				"{\"content\":[1,2}", "{\"content\":{\"a\":1]}", "{\"content\":nul}" };
		for (String bad : invalid) {
			String answer = "{\"events\":[{\"id\":\"ok\",\"attachments\":[{\"id\":\"f\",\"readToken\":\"r\"}]}," + bad
					+ "],\"meta\":{}}";
			byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
			for (int chunk : new int[] { 1, 9, bytes.length }) {
				List<String> delivered = new ArrayList<>();
				EventsStreamParser parser = EventsStreamParser.passThrough(MAPPER, false, "events.get (test)",
						(event) -> delivered.add(new String(event.toBytes(), StandardCharsets.UTF_8)));
				assertThatExceptionOfType(PryvClientException.class).as(bad)
					.isThrownBy(() -> feedAll(parser, bytes, chunk))
					.withMessageContaining("malformed JSON after 1 event delivered");
				assertThat(delivered).as(bad).hasSize(1);
				// the typed reader refuses the same
				assertThatExceptionOfType(EventBytes.Malformed.class).as(bad)
					.isThrownBy(() -> EventBytes.parse(bad.getBytes(StandardCharsets.UTF_8), MAPPER));
			}
		}
	}

	@Test
	void anEventCannotBeUsedAfterItsHandlerReturnedAndShowsNoContent() throws IOException {
		List<EventJson> kept = new ArrayList<>();
		List<String> shown = new ArrayList<>();
		EventsStreamParser parser = EventsStreamParser.passThrough(MAPPER, false, "events.get (test)", (event) -> {
			kept.add(event);
			shown.add(event.toString());
			assertThat(event.toEvent().attachments().get(0).readToken()).isEqualTo("secret-read-token");
		});
		String event = "{\"id\":\"a\",\"attachments\":[{\"id\":\"f\",\"readToken\":\"secret-read-token\"}]}";
		feedAll(parser, ("{\"events\":[" + event + "]}").getBytes(StandardCharsets.UTF_8), 7);

		assertThat(shown).containsExactly("EventJson[" + event.length() + " bytes]");
		assertThat(kept.get(0).toString()).doesNotContain("secret");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> kept.get(0).toBytes())
			.withMessageContaining("only valid during the call of its handler");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> kept.get(0).writeTo(new ByteArrayOutputStream()));
	}

	@Test
	void deletionsAreCountedNotHandedOver() {
		String answer = "{\"events\":[{\"id\":\"a\"}],\"eventDeletions\":[{\"id\":\"d1\",\"deleted\":1.5},"
				+ "{\"id\":\"d2\",\"deleted\":2}],\"meta\":{}}";
		List<String> delivered = new ArrayList<>();
		EventsStreamParser parser = EventsStreamParser.passThrough(MAPPER, true, "events.get (test)",
				(event) -> delivered.add(new String(event.toBytes(), StandardCharsets.UTF_8)));
		feedAll(parser, answer.getBytes(StandardCharsets.UTF_8), 5);
		assertThat(delivered).containsExactly("{\"id\":\"a\"}");
		assertThat(parser.result().eventsCount()).isEqualTo(1);
		assertThat(parser.result().eventDeletionsCount()).isEqualTo(2);
	}

	/** @return for each event passed through: its bytes, and its bytes without read tokens */
	private static List<String[]> passThrough(byte[] answer, int chunk) {
		List<String[]> events = new ArrayList<>();
		EventsStreamParser parser = EventsStreamParser.passThrough(MAPPER, false, "events.get (test)", (event) -> {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			ByteArrayOutputStream withoutReadTokens = new ByteArrayOutputStream();
			event.writeTo(all);
			event.writeWithoutReadTokensTo(withoutReadTokens);
			assertThat(event.length()).isEqualTo(all.size());
			events.add(new String[] { all.toString(StandardCharsets.UTF_8),
					withoutReadTokens.toString(StandardCharsets.UTF_8) });
		});
		feedAll(parser, answer, chunk);
		return events;
	}

	private static void feedAll(EventsStreamParser parser, byte[] answer, int chunk) {
		for (int offset = 0; offset < answer.length; offset += chunk) {
			byte[] part = Arrays.copyOfRange(answer, offset, Math.min(answer.length, offset + chunk));
			assertThat(parser.feed(DefaultDataBufferFactory.sharedInstance.wrap(part)))
				.allMatch((item) -> item == EventsStreamParser.DELIVERED);
		}
		parser.finish();
		parser.complete();
	}

}
