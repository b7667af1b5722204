package io.pryv.client.live;

import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.FileSource;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.client.PryvFixture;
import io.pryv.client.PryvService;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live-platform suite's scenarios against a fake open-pryv.io 2.0 in
 * DNS-less mode ({@code http://host/{username}/}, service info at
 * {@code /reg/service/info}, registration at {@code POST /users}, login needing
 * the register's {@code Origin}): WireMock replays the answers recorded from a
 * real server for the very requests the suite sends. Two answers are made, in
 * the recorded shape: the results of the 2,500-call batch (one per call), and
 * the attachment's bytes (the recording holds them lossily).
 */
class LivePlatformReplayTest {

	private static final String USER = "fixturejcstbv";

	private static final String APP_TOKEN = "ad4fi6057t5vm0xy8ns6bco9";

	@RegisterExtension
	static WireMockExtension platform = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().extensions(new OneResultPerCall()))
		.build();

	@Test
	void theLiveSuitePassesAgainstTheRecordedAnswersOfARealServer() {
		String base = platform.baseUrl();
		replay(base);
		PryvService service = PryvService.builder().serviceInfoUrl(base + "/reg/service/info").build();
		LivePlatformScenarios scenarios = new LivePlatformScenarios(service,
				new LivePlatformScenarios.LiveSettings(base + "/reg/service/info", null, "fixture-passw0rd", null));
		runAll(scenarios);
		assertThat(scenarios.log()).hasSize(12).first().isEqualTo("registered user " + USER);
		platform.verify(WireMock.postRequestedFor(urlEqualTo("/" + USER + "/auth/login"))
			.withHeader("Origin", equalTo(base)));
	}

	/** The scenarios in order; a step that cannot run on the platform says so in the log. */
	static void runAll(LivePlatformScenarios scenarios) {
		scenarios.signIn();
		scenarios.accessInfo();
		scenarios.batchWithAFailingCall();
		scenarios.twoThousandFiveHundredCallsInChunks();
		scenarios.streamsTree();
		scenarios.eventUpdateTrashDelete();
		scenarios.streamingWithDeletions();
		scenarios.attachmentRoundTrip();
		scenarios.hfSeriesRoundTrip();
		scenarios.consentRequestStartedAndPolled();
		scenarios.revocation();
	}

	private static void replay(String base) {
		stub(base, "service-info", get(urlEqualTo("/reg/service/info")));
		// DNS-less open-pryv.io registers at POST /users and at POST <register>users = /reg/users
		stub(base, "register-user", post(WireMock.urlMatching("/(reg/)?users")).withRequestBody(matchingJsonPath("$.username"))
			.withRequestBody(matchingJsonPath("$.appId", equalTo(LivePlatformScenarios.APP_ID))));
		stub(base, "login", post(urlEqualTo("/" + USER + "/auth/login")).withHeader("Origin", equalTo(base))
			.withRequestBody(equalToJson("{\"username\":\"" + USER + "\",\"password\":\"fixture-passw0rd\",\"appId\":\""
					+ LivePlatformScenarios.APP_ID + "\"}")));
		stub(base, "access-info", get(urlEqualTo("/" + USER + "/access-info")).withHeader("Authorization",
				equalTo("fq2ipgpirm3ogtn510y149nh")));
		stub(base, "batch-create", post(urlEqualTo("/" + USER + "/"))
			.withRequestBody(equalToJson(PryvFixture.load("batch-create").requestBody().toString())));
		platform.stubFor(post(urlEqualTo("/" + USER + "/")).atPriority(10)
			.withRequestBody(matchingJsonPath("$[0].method", equalTo("events.get")))
			.willReturn(aResponse().withTransformers(OneResultPerCall.NAME)));
		stub(base, "streams-get", get(urlEqualTo("/" + USER + "/streams")));
		stub(base, "event-update", put(urlEqualTo("/" + USER + "/events/o93655dknyjjp97ffrbvjikq"))
			.withRequestBody(equalToJson("{\"content\": 95}")));
		platform.stubFor(delete(urlEqualTo("/" + USER + "/events/o93655dknyjjp97ffrbvjikq")).inScenario("deletion")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(PryvFixture.load("event-trash").response(base))
			.willSetStateTo("trashed"));
		platform.stubFor(delete(urlEqualTo("/" + USER + "/events/o93655dknyjjp97ffrbvjikq")).inScenario("deletion")
			.whenScenarioStateIs("trashed")
			.willReturn(PryvFixture.load("event-delete").response(base)));
		stub(base, "events-get-deletions", get(urlPathEqualTo("/" + USER + "/events"))
			.withQueryParam("includeDeletions", equalTo("true")).withQueryParam("modifiedSince", equalTo("0"))
			.withQueryParam("state", equalTo("all")));
		stub(base, "attachment-create", post(urlEqualTo("/" + USER + "/events"))
			.withHeader("Content-Type", WireMock.containing("multipart/form-data")));
		platform.stubFor(get(urlEqualTo("/" + USER + "/events/x07xykxwwa2jj3201kq68p0t/mr7q8pxcmchst4wu3lqfn9h5"))
			.willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(LivePlatformScenarios.PNG)));
		stub(base, "hf-event-create", post(urlEqualTo("/" + USER + "/events"))
			.withRequestBody(equalToJson("{\"streamIds\":[\"heart-rate\"],\"type\":\"series:frequency/bpm\"}")));
		stub(base, "hf-add-points", post(urlEqualTo("/" + USER + "/events/gw4cceey0jsprdbswu0kccui/series")));
		stub(base, "hf-get-series", get(urlPathEqualTo("/" + USER + "/events/gw4cceey0jsprdbswu0kccui/series")));
		stub(base, "auth-request-start", post(WireMock.urlMatching("/reg/access/?"))
			.withRequestBody(equalToJson(PryvFixture.load("auth-request-start").requestBody().toString())));
		stub(base, "auth-poll-need-signin", get(urlEqualTo("/reg/access/AFDUqvBLzWXLrTgi")));
		stub(base, "access-create-app", post(urlEqualTo("/" + USER + "/accesses"))
			.withRequestBody(equalToJson(PryvFixture.load("access-create-app").requestBody().toString())));
		// what the app token's access-info would say (not recorded): the created access, without its token
		platform.stubFor(get(urlEqualTo("/" + USER + "/access-info")).withHeader("Authorization", equalTo(APP_TOKEN))
			.willReturn(aResponse().withHeader("Content-Type", "application/json")
				.withBody("{\"type\":\"app\",\"name\":\"sample-app\",\"id\":\"latrjsyicmwu5m8796wlasi0\","
						+ "\"permissions\":[{\"streamId\":\"heart\",\"level\":\"read\"}],\"user\":{\"username\":\"" + USER
						+ "\"},\"meta\":{\"apiVersion\":\"2.0.0-pre.4\",\"serverTime\":1795681883.01,\"serial\":\"2026112601\"}}")));
		stub(base, "access-delete-revoke", delete(urlEqualTo("/" + USER + "/accesses/latrjsyicmwu5m8796wlasi0"))
			.withHeader("Authorization", equalTo(APP_TOKEN)));
		stub(base, "revoked-token-use", get(urlEqualTo("/" + USER + "/events?limit=1"))
			.withHeader("Authorization", equalTo(APP_TOKEN)));
	}

	private static void stub(String base, String fixture, com.github.tomakehurst.wiremock.client.MappingBuilder request) {
		platform.stubFor(request.willReturn(PryvFixture.load(fixture).response(base)));
	}

	/** Answers a batch of {@code events.get} calls with one empty result per call, as open-pryv.io does. */
	static final class OneResultPerCall implements ResponseDefinitionTransformerV2 {

		static final String NAME = "one-result-per-call";

		private final JsonMapper mapper = JsonMapper.builder().build();

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			JsonNode calls = this.mapper.readTree(serveEvent.getRequest().getBodyAsString());
			StringBuilder body = new StringBuilder("{\"results\":[");
			for (int i = 0; i < calls.size(); i++) {
				body.append((i > 0) ? "," : "").append("{\"events\":[]}");
			}
			body.append("],\"meta\":{\"apiVersion\":\"2.0.0-pre.4\",\"serverTime\":1795681882.6,\"serial\":\"2026112601\"}}");
			return new ResponseDefinition(200, body.toString());
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

}
