package io.pryv.client.socket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.client.PryvClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The framing against the frames recorded from a real open-pryv.io 2.0 server ({@code socket-io-frames.jsonl}). */
class EngineIoFrameTest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static List<JsonNode> recorded() throws IOException {
		try (InputStream in = EngineIoFrameTest.class.getResourceAsStream("/fixtures/socket-io-frames.jsonl")) {
			List<JsonNode> lines = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (!line.isBlank()) {
					lines.add(MAPPER.readTree(line));
				}
			}
			return lines;
		}
	}

	@Test
	void readsEveryFrameTheRealServerSent() throws IOException {
		List<EngineIoFrame> frames = new ArrayList<>();
		for (JsonNode line : recorded()) {
			if ("in".equals(line.path("dir").asString(null))) {
				frames.add(EngineIoFrame.parse(line.path("frame").asString(), MAPPER));
			}
		}
		EngineIoFrame open = frames.get(0);
		assertThat(open.type()).isEqualTo(EngineIoFrame.Type.OPEN);
		assertThat(open.data().path("pingInterval").asInt()).isEqualTo(25000);
		assertThat(open.data().path("pingTimeout").asInt()).isEqualTo(20000);

		EngineIoFrame connected = frames.get(1);
		assertThat(connected.is(EngineIoFrame.CONNECT)).isTrue();
		assertThat(connected.namespace()).isEqualTo("/benchu");

		EngineIoFrame unknownMethod = frames.get(2);
		assertThat(unknownMethod.is(EngineIoFrame.ACK)).isTrue();
		assertThat(unknownMethod.ackId()).isEqualTo(3);
		assertThat(unknownMethod.data().get(0).path("error").path("id").asString()).isEqualTo("invalid-method");

		EngineIoFrame notification = frames.get(3);
		assertThat(notification.is(EngineIoFrame.EVENT)).isTrue();
		assertThat(notification.ackId()).isEqualTo(-1);
		assertThat(notification.data().get(0).asString()).isEqualTo("eventsChanged");

		EngineIoFrame batch = frames.get(4);
		assertThat(batch.ackId()).isEqualTo(1);
		assertThat(batch.data().get(0).isNull()).isTrue();
		assertThat(batch.data().get(1).path("results").get(0).path("event").path("content").asString())
			.isEqualTo("socket frame");

		EngineIoFrame badToken = frames.get(7);
		assertThat(badToken.is(EngineIoFrame.CONNECT_ERROR)).isTrue();
		assertThat(badToken.data().path("message").asString()).isEqualTo("Cannot find access from token.");
		EngineIoFrame unknownUser = frames.get(9);
		assertThat(unknownUser.namespace()).isEqualTo("/nosuchuser");
		assertThat(unknownUser.data().path("message").asString()).isEqualTo("Unknown user \"nosuchuser\"");
	}

	@Test
	void writesFramesAsTheRealClientDid() throws IOException {
		List<String> sent = new ArrayList<>();
		for (JsonNode line : recorded()) {
			if ("out".equals(line.path("dir").asString(null))) {
				sent.add(line.path("frame").asString());
			}
		}
		assertThat(EngineIoFrame.connect("/benchu")).isEqualTo(sent.get(0));
		assertThat(EngineIoFrame.event("/benchu", 2, "[\"events.get\",{\"limit\":1}]")).isEqualTo(sent.get(2));
	}

	@Test
	void refusesWhatIsNotTheProtocolClearly() {
		assertThatThrownBy(() -> EngineIoFrame.parse("", MAPPER)).isInstanceOf(PryvClientException.class)
			.hasMessageContaining("empty frame");
		assertThatThrownBy(() -> EngineIoFrame.parse("9x", MAPPER)).hasMessageContaining("unknown Engine.IO packet type");
		assertThatThrownBy(() -> EngineIoFrame.parse("451-/a,[\"x\",{\"_placeholder\":true,\"num\":0}]", MAPPER))
			.hasMessageContaining("binary Socket.IO packets are not supported");
		assertThatThrownBy(() -> EngineIoFrame.parse("42/a,[\"x\"", MAPPER)).hasMessageContaining("not valid JSON");
		assertThat(EngineIoFrame.parse("2", MAPPER).type()).isEqualTo(EngineIoFrame.Type.PING);
	}

}
