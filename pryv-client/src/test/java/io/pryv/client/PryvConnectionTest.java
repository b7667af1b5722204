package io.pryv.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@WireMockTest
class PryvConnectionTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private String base;

	private PryvConnectionFactory factory;

	private PryvConnection connection;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.factory = new PryvConnectionFactory(
				PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build());
		this.connection = this.factory.connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN));
	}

	@Test
	void sendsBareTokenAcceptAndUserAgentAndNeverTheTokenInTheUrl() {
		PryvFixture.load("access-info").stub(this.base);
		this.connection.accessInfo();
		verify(getRequestedFor(urlEqualTo("/" + USER + "/access-info")).withHeader("Authorization", equalTo(TOKEN))
			.withHeader("Accept", equalTo("application/json"))
			.withHeader("User-Agent", equalTo("pryv-spring-boot/0.1.0-SNAPSHOT")));
		assertThat(WireMock.findAll(getRequestedFor(WireMock.anyUrl()))).allSatisfy((request) -> {
			assertThat(request.getAbsoluteUrl()).doesNotContain(TOKEN);
		});
	}

	@Test
	void readsAccessInfoOnceAndRefreshesOnDemand() {
		PryvFixture.load("access-info").stub(this.base);
		AccessInfo info = this.connection.accessInfo();
		assertThat(info.name()).isEqualTo("pryv-fixture-app");
		assertThat(info.type()).isEqualTo("personal");
		assertThat(info.id()).isEqualTo("equf3sjkqnblmaztk9cf2x3r");
		assertThat(info.raw().get("token")).as("the token is not kept in access info").isNull();
		assertThat(this.connection.username()).isEqualTo(USER);
		verify(1, getRequestedFor(urlEqualTo("/" + USER + "/access-info")));
		this.connection.accessInfo(true);
		verify(2, getRequestedFor(urlEqualTo("/" + USER + "/access-info")));
	}

	@Test
	void invalidTokenIsAnApiErrorWithStatus() {
		PryvFixture.load("access-info-invalid-token").stub(this.base);
		PryvConnection bad = this.factory.connect(this.base.replace("http://", "http://not-a-token@") + "/" + USER + "/");
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(bad::accessInfo).satisfies((ex) -> {
			assertThat(ex.getId()).isEqualTo("invalid-access-token");
			assertThat(ex.getHttpStatus()).isEqualTo(403);
			assertThat(ex.getApiMethod()).isEqualTo("GET access-info");
		});
	}

	@Test
	void batchKeepsSuccessesAndErrorsInTheirSlots() {
		PryvFixture batch = PryvFixture.load("batch-create");
		stubFor(post(urlEqualTo("/" + USER + "/")).withRequestBody(equalToJson(batch.requestBody().toString()))
			.willReturn(batch.response(this.base)));
		List<ApiCall> calls = new ArrayList<>();
		for (JsonNode call : batch.requestBody()) {
			calls.add(ApiCall.of(call.get("method").asString(), call.get("params")));
		}
		List<ApiResult> results = this.connection.api(calls);
		assertThat(results).hasSize(7);
		assertThat(results.subList(0, 4)).allMatch(ApiResult::isSuccess);
		assertThat(results.get(0).get("stream").get("id").asString()).isEqualTo("heart");
		assertThat(results.get(2).get("event").get("content").asInt()).isEqualTo(90);
		assertThat(results.get(4).error().id()).isEqualTo("unknown-referenced-resource");
		assertThat(results.get(5).error().id()).isEqualTo("item-already-exists");
		assertThat(results.get(5).error().data().path("id").asString()).isEqualTo("heart");
		assertThat(results.get(6).error().id()).isEqualTo("invalid-method");
		assertThat(results.get(6).method()).isEqualTo("no.such.method");
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(() -> results.get(4).get("event"))
			.withMessageContaining("unknown-referenced-resource")
			.withMessageContaining("events.create");
	}

	@Test
	void invalidTokenFailsTheWholeBatch() {
		PryvFixture.load("batch-invalid-token").stub(this.base);
		PryvConnection bad = this.factory.connect(ApiEndpoint.of(this.base + "/" + USER + "/", "not-a-token"));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> bad.api(List.of(ApiCall.of("events.get", Map.of()))))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("invalid-access-token");
				assertThat(ex.getHttpStatus()).isEqualTo(403);
				assertThat(ex.getApiMethod()).contains("events.get");
				assertThat(ex.getMessage()).doesNotContain("not-a-token");
			});
	}

	@Test
	void batchThatIsNotAnArrayIsReportedWithItsData() {
		PryvFixture.load("batch-not-an-array").stub(this.base);
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.post("", Map.of("method", "events.get")))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("invalid-parameters-format");
				assertThat(ex.getHttpStatus()).isEqualTo(400);
				assertThat(ex.getData().get(0).path("message").asString()).isEqualTo("must be array");
			});
	}

	@Test
	void chunks2500CallsInto3RequestsWithProgressAndHandlersInOrder() {
		stubChunk(0, 1000);
		stubChunk(1000, 1000);
		stubChunk(2000, 500);
		List<ApiCall> calls = new ArrayList<>();
		List<Integer> handled = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 2500; i++) {
			calls.add(ApiCall.of("events.create", Map.of("streamIds", List.of("diary"), "type", "count/generic", "content", i))
				.withHandler((result) -> handled.add(result.get("event").get("content").asInt())));
		}
		List<Integer> progress = new ArrayList<>();
		List<ApiResult> results = this.connection.api(calls, progress::add);

		verify(3, postRequestedFor(urlEqualTo("/" + USER + "/")));
		assertThat(progress).containsExactly(40, 80, 100);
		assertThat(results).hasSize(2500);
		for (int i = 0; i < 2500; i++) {
			assertThat(results.get(i).get("event").get("content").asInt()).isEqualTo(i);
		}
		assertThat(handled).hasSize(2500).isSorted();
	}

	@Test
	void exactMultipleOfTheChunkSizeSendsNoEmptyChunk() {
		stubChunk(0, 1000);
		stubChunk(1000, 1000);
		List<ApiCall> calls = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			calls.add(ApiCall.of("events.create", Map.of("content", i)));
		}
		List<Integer> progress = new ArrayList<>();
		assertThat(this.connection.api(calls, progress::add)).hasSize(2000);
		verify(2, postRequestedFor(urlEqualTo("/" + USER + "/")));
		assertThat(progress).containsExactly(50, 100);
	}

	@Test
	void emptyBatchSendsNothingAndReportsDone() {
		List<Integer> progress = new ArrayList<>();
		assertThat(this.connection.api(List.of(), progress::add)).isEmpty();
		assertThat(progress).containsExactly(100);
		verify(0, postRequestedFor(WireMock.anyUrl()));
	}

	@Test
	void chunkSizeIsConfigurable() {
		PryvConnectionFactory small = new PryvConnectionFactory(PryvService.builder()
			.serviceInfoUrl(this.base + "/reg/service/info").batchChunkSize(1000).build());
		assertThat(small.connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN)).reactive().chunkSize()).isEqualTo(1000);
		PryvService service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").batchChunkSize(2).build();
		stubChunk(0, 2);
		stubChunk(2, 1);
		List<ApiCall> calls = List.of(ApiCall.of("events.create", Map.of("content", 0)),
				ApiCall.of("events.create", Map.of("content", 1)), ApiCall.of("events.create", Map.of("content", 2)));
		List<Integer> progress = new ArrayList<>();
		new PryvConnectionFactory(service).connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN)).api(calls, progress::add);
		verify(2, postRequestedFor(urlEqualTo("/" + USER + "/")));
		assertThat(progress).containsExactly(67, 100);
	}

	@Test
	void answerWithTheWrongNumberOfResultsIsAClientError() {
		stubFor(post(urlEqualTo("/" + USER + "/")).willReturn(json(200, "{\"results\": [], \"meta\": {\"serverTime\": 1}}")));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.api(List.of(ApiCall.of("events.get", Map.of()))))
			.withMessageContaining("0 results for 1 calls");
	}

	@Test
	void apiOneReturnsTheExpectedKeyOrThrowsTheCallError() {
		PryvFixture batch = PryvFixture.load("batch-create");
		JsonNode answer = batch.responseJson(this.base);
		stubFor(post(urlEqualTo("/" + USER + "/")).withRequestBody(matchingJsonPath("$[0].method", equalTo("streams.create")))
			.willReturn(json(200, "{\"results\": [" + answer.get("results").get(0) + "], \"meta\": {\"serverTime\": 1}}")));
		stubFor(post(urlEqualTo("/" + USER + "/")).withRequestBody(matchingJsonPath("$[0].method", equalTo("no.such.method")))
			.willReturn(json(200, "{\"results\": [" + answer.get("results").get(6) + "], \"meta\": {\"serverTime\": 1}}")));

		JsonNode stream = this.connection.apiOne("streams.create", Map.of("id", "heart", "name", "Heart"), "stream");
		assertThat(stream.get("name").asString()).isEqualTo("Heart");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.apiOne("streams.create", Map.of("id", "heart"), "event"))
			.withMessageContaining("no 'event'");
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.apiOne("no.such.method", Map.of(), null))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("invalid-method");
				assertThat(ex.getApiMethod()).isEqualTo("no.such.method");
			});
	}

	@Test
	void getEncodesQueriesAsThePlatformReadsThem() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(json(200, "{\"events\": [], \"meta\": {\"serverTime\": 1}}")));
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("streams", List.of("heart", "diary"));
		query.put("limit", 10);
		query.put("toTime", null);
		this.connection.get("events", query);
		verify(getRequestedFor(urlEqualTo("/" + USER + "/events?streams=heart&streams=diary&limit=10")));
	}

	@Test
	void revokedTokenIsReportedAsInvalid() {
		PryvFixture.load("revoked-token-use").stub(this.base);
		PryvConnection revoked = this.factory.connect(ApiEndpoint.of(this.base + "/" + USER + "/", "ad4fi6057t5vm0xy8ns6bco9"));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> revoked.get("events", Map.of("limit", 1)))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("invalid-access-token");
				assertThat(ex.getHttpStatus()).isEqualTo(403);
				assertThat(ex.getMessage()).doesNotContain("ad4fi6057t5vm0xy8ns6bco9");
			});
	}

	@Test
	void revokeDeletesTheConnectionsOwnAccess() {
		String appToken = "app-token-1";
		stubFor(get(urlEqualTo("/" + USER + "/access-info")).withHeader("Authorization", equalTo(appToken))
			.willReturn(json(200, "{\"id\": \"latrjsyicmwu5m8796wlasi0\", \"name\": \"sample-app\", \"type\": \"app\", "
					+ "\"token\": \"" + appToken + "\", \"user\": {\"username\": \"" + USER + "\"}, \"meta\": {\"serverTime\": 1}}")));
		PryvFixture.load("access-delete-revoke").stub(this.base);
		PryvConnection app = this.factory.connect(ApiEndpoint.of(this.base + "/" + USER + "/", appToken));
		assertThat(app.revoke()).isEqualTo("latrjsyicmwu5m8796wlasi0");
		verify(deleteRequestedFor(urlEqualTo("/" + USER + "/accesses/latrjsyicmwu5m8796wlasi0"))
			.withHeader("Authorization", equalTo(appToken)));
	}

	@Test
	void deltaTimeFollowsTheServerClock() {
		double serverTime = System.currentTimeMillis() / 1000.0 + 3600;
		stubFor(get(urlEqualTo("/" + USER + "/access-info"))
			.willReturn(json(200, "{\"id\": \"a\", \"user\": {\"username\": \"u\"}, \"meta\": {\"serverTime\": " + serverTime + "}}")));
		assertThat(this.connection.deltaTime()).isZero();
		this.connection.accessInfo();
		assertThat(this.connection.deltaTime()).isCloseTo(3600, org.assertj.core.data.Offset.offset(5.0));
		assertThat(this.connection.serverTime()).isCloseTo(serverTime, org.assertj.core.data.Offset.offset(5.0));
	}

	@Test
	void blockingCallOnAnEventLoopThreadFailsClearly() {
		Mono<String> onParallel = Mono.fromCallable(() -> this.connection.username()).subscribeOn(Schedulers.parallel());
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(onParallel::block)
			.withMessageContaining("non-blocking thread")
			.withMessageContaining("reactive()");
		verify(0, getRequestedFor(WireMock.anyUrl()));
	}

	@Test
	void reactiveFormIsUsableOnEventLoopThreads() {
		PryvFixture.load("access-info").stub(this.base);
		String username = Mono.defer(() -> this.connection.reactive().username()).subscribeOn(Schedulers.parallel()).block();
		assertThat(username).isEqualTo(USER);
	}

	@Test
	void brokenOrNonJsonAnswersAreClientErrors() {
		stubFor(get(urlEqualTo("/" + USER + "/streams")).willReturn(aResponse().withStatus(502)
			.withHeader("Content-Type", "text/html").withBody("<html>Bad gateway for " + TOKEN + "</html>")));
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.connection.get("streams", null))
			.withMessageContaining("HTTP 502")
			.withMessageContaining("not valid JSON")
			.withMessageNotContaining(TOKEN);
		stubFor(get(urlEqualTo("/" + USER + "/accesses")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.connection.get("accesses", null))
			.withMessageContaining("GET accesses")
			.withMessageNotContaining(TOKEN);
		stubFor(get(urlEqualTo("/" + USER + "/account")).willReturn(aResponse().withStatus(500)));
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.connection.get("account", null))
			.withMessageContaining("HTTP 500");
	}

	@Test
	void largeAnswersAreNotLimitedByCodecBuffers() {
		StringBuilder events = new StringBuilder();
		for (int i = 0; i < 3000; i++) {
			events.append((i > 0) ? "," : "").append("{\"id\": \"e").append(i)
				.append("\", \"type\": \"note/txt\", \"content\": \"").append("x".repeat(200)).append("\"}");
		}
		stubFor(get(urlEqualTo("/" + USER + "/events")).willReturn(json(200, "{\"events\": [" + events + "], \"meta\": {\"serverTime\": 1}}")));
		assertThat(this.connection.get("events", null).get("events")).hasSize(3000);
	}

	@Test
	void connectsByUsernameAndTokenThroughTheService() {
		PryvConnection byName = this.factory.connect(USER, TOKEN);
		assertThat(byName.endpoint()).isEqualTo(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN));
		assertThat(byName.toString()).doesNotContain(TOKEN);
		verify(getRequestedFor(urlEqualTo("/reg/service/info")).withHeader("Authorization", absent()));
	}

	private void stubChunk(int first, int count) {
		StringBuilder results = new StringBuilder();
		for (int i = first; i < first + count; i++) {
			results.append((i > first) ? "," : "").append("{\"event\": {\"id\": \"ev").append(i)
				.append("\", \"type\": \"count/generic\", \"content\": ").append(i).append("}}");
		}
		stubFor(post(urlEqualTo("/" + USER + "/")).withRequestBody(matchingJsonPath("$[0].params.content", equalTo(String.valueOf(first))))
			.withRequestBody(matchingJsonPath("$.length()", equalTo(String.valueOf(count))))
			.willReturn(json(200, "{\"results\": [" + results + "], \"meta\": {\"apiVersion\": \"2.0.0-pre.4\", \"serverTime\": 1795681882.594}}")));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
	}

}
