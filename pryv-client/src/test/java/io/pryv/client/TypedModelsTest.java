package io.pryv.client;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Typed models read from recorded answers, round-tripped without loss. */
@WireMockTest
class TypedModelsTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void eventRoundTripsWithUnknownFieldsKept() {
		JsonNode recorded = PryvFixture.load("attachment-create").responseJson("http://localhost").get("event");
		ObjectNode withFuture = ((ObjectNode) recorded).deepCopy();
		withFuture.putObject("aFieldOfTomorrow").put("x", 1);
		Event event = MAPPER.readValue(MAPPER.writeValueAsString(withFuture), Event.class);
		assertThat(event.id()).isEqualTo("x07xykxwwa2jj3201kq68p0t");
		assertThat(event.type()).isEqualTo("picture/attached");
		assertThat(event.content()).isNull();
		assertThat(event.trashed()).isFalse();
		assertThat(event.attachments()).singleElement().satisfies((attachment) -> {
			assertThat(attachment.fileName()).isEqualTo("pixel.png");
			assertThat(attachment.type()).isEqualTo("image/png");
			assertThat(attachment.size()).isEqualTo(70L);
			assertThat(attachment.readToken()).startsWith("equf3sjkqnblmaztk9cf2x3r-");
			assertThat(attachment.toString()).doesNotContain(attachment.readToken());
		});
		assertThat(event.attachment("mr7q8pxcmchst4wu3lqfn9h5")).isNotNull();
		assertThat(MAPPER.readTree(MAPPER.writeValueAsString(event))).isEqualTo(withFuture);
		assertThat(MAPPER.readTree(event.toJson())).isEqualTo(withFuture);
		assertThat(event.toString()).contains("x07xykxwwa2jj3201kq68p0t").doesNotContain("readToken");
	}

	@Test
	void streamsAreReadAsATree(WireMockRuntimeInfo wm) {
		PryvFixture.load("streams-get").stub(wm.getHttpBaseUrl());
		PryvConnection connection = connection(wm);
		List<Stream> streams = connection.streams();
		assertThat(streams).extracting(Stream::id).containsExactly(":_audit:", ":_emails:", "heart", ":_system:account");
		Stream heart = streams.get(2);
		assertThat(heart.parentId()).isNull();
		assertThat(heart.children()).singleElement().satisfies((child) -> {
			assertThat(child.id()).isEqualTo("heart-rate");
			assertThat(child.name()).isEqualTo("Heart rate");
			assertThat(child.parentId()).isEqualTo("heart");
		});
		Stream account = streams.get(3);
		assertThat(account.find(":_system:dbDocuments").parentId()).isEqualTo(":_system:storageUsed");
		assertThat(streams.get(1).clientData().path("emails").path("kind").asString()).isEqualTo("reserved");
		assertThat(streams.get(0).raw().get("childrenHidden").asBoolean()).as("unknown field kept").isTrue();
		assertThat((JsonNode) MAPPER.valueToTree(streams.get(3))).isEqualTo(
				PryvFixture.load("streams-get").responseJson(wm.getHttpBaseUrl()).get("streams").get(3));
	}

	@Test
	void accessesArePrintedWithoutTheirToken() {
		JsonNode recorded = PryvFixture.load("access-create-app").responseJson("http://localhost").get("access");
		Access access = Access.from(recorded);
		assertThat(access.token()).isEqualTo("ad4fi6057t5vm0xy8ns6bco9");
		assertThat(access.type()).isEqualTo("app");
		assertThat(access.permissions()).singleElement().satisfies((permission) -> {
			assertThat(permission.streamId()).isEqualTo("heart");
			assertThat(permission.level()).isEqualTo("read");
		});
		assertThat(access.toString()).doesNotContain("ad4fi6057t5vm0xy8ns6bco9");
		assertThat(access.raw().get("apiEndpoint")).as("unknown field kept").isNotNull();
	}

	@Test
	void accessInfoGivesTypedPermissions() {
		ObjectNode answer = MAPPER.createObjectNode();
		answer.put("id", "a1").put("type", "app").put("token", TOKEN);
		answer.putArray("permissions").addObject().put("streamId", "*").put("level", "read");
		answer.withArray("permissions").addObject().put("feature", "selfRevoke").put("setting", "forbidden");
		List<Permission> permissions = AccessInfo.from(answer).permissionList();
		assertThat(permissions).hasSize(2);
		assertThat(permissions.get(0).level()).isEqualTo("read");
		assertThat(permissions.get(1).feature()).isEqualTo("selfRevoke");
		assertThat(permissions.get(1).setting()).isEqualTo("forbidden");
	}

	@Test
	void createsAndUpdatesEventsAsTypedValues(WireMockRuntimeInfo wm) {
		PryvFixture created = PryvFixture.load("hf-event-create");
		created.stub(wm.getHttpBaseUrl());
		PryvConnection connection = connection(wm);
		Event event = connection.createEvent(Map.of("streamIds", List.of("heart-rate"), "type", "series:frequency/bpm"));
		assertThat(event.id()).isEqualTo("gw4cceey0jsprdbswu0kccui");
		assertThat(event.content().path("fields").get(1).asString()).isEqualTo("value");
		PryvFixture update = PryvFixture.load("event-update");
		update.stub(wm.getHttpBaseUrl());
		String eventId = update.path().substring(update.path().lastIndexOf('/') + 1);
		Event updated = connection.updateEvent(eventId, update.requestBody());
		assertThat(updated.id()).isEqualTo(eventId);
		assertThat(updated.raw()).isEqualTo(update.responseJson(wm.getHttpBaseUrl()).get("event"));
	}

	@Test
	void rejectsWhatIsNotAnObject() {
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> Event.from(MAPPER.readTree("[1]")))
			.withMessage("Expected an event to be a JSON object, got array");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> Stream.from(null))
			.withMessageContaining("a stream");
	}

	private static PryvConnection connection(WireMockRuntimeInfo wm) {
		PryvFixture.load("service-info").stub(wm.getHttpBaseUrl());
		return new PryvConnectionFactory(
				PryvService.builder().serviceInfoUrl(wm.getHttpBaseUrl() + "/reg/service/info").build())
			.connect(ApiEndpoint.of(wm.getHttpBaseUrl() + "/" + USER + "/", TOKEN));
	}

}
