package io.pryv.spring.security;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.pryv.client.PryvFixture;

/**
 * A WireMock Pryv platform replaying the recorded answers of a real one: service
 * info, the auth request start, polls (NEED_SIGNIN until {@link #accept()},
 * {@link #refuse()}, {@link #forget()} or {@link #fail()}), the accepted
 * access's access-info (an app access with permissions) and its revocation.
 */
public final class PryvPlatformStub implements AutoCloseable {

	public static final String KEY = "AFDUqvBLzWXLrTgi";

	public static final String USERNAME = "fixturejcstbv";

	public static final String TOKEN = "ad4fi6057t5vm0xy8ns6bco9";

	public static final String ACCESS_ID = "equf3sjkqnblmaztk9cf2x3r";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final WireMockServer server;

	public PryvPlatformStub() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		reset();
	}

	public WireMockServer server() {
		return this.server;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public String serviceInfoUrl() {
		return baseUrl() + "/reg/service/info";
	}

	public String pollUrl() {
		return baseUrl() + "/reg/access/" + KEY;
	}

	public void reset() {
		this.server.resetAll();
		String base = baseUrl();
		this.server.stubFor(WireMock.get("/reg/service/info").willReturn(PryvFixture.load("service-info").response(base)));
		this.server.stubFor(WireMock.post(WireMock.urlMatching("/reg/access/?"))
			.willReturn(PryvFixture.load("auth-request-start").response(base)));
		this.server.stubFor(WireMock.get("/reg/access/" + KEY)
			.willReturn(PryvFixture.load("auth-poll-need-signin").response(base)));
		// an app access, as the platform answers it for the token granted by the consent page
		ObjectNode accessInfo = (ObjectNode) PryvFixture.load("access-info").responseJson(base);
		accessInfo.put("type", "app").put("id", ACCESS_ID).remove("token");
		accessInfo.set("permissions", MAPPER.readTree(
				"[{\"streamId\":\"heart\",\"level\":\"read\",\"defaultName\":\"Heart\"},"
						+ "{\"feature\":\"selfRevoke\",\"setting\":\"forbidden\"}]"));
		this.server.stubFor(WireMock.get("/" + USERNAME + "/access-info")
			.withHeader("Authorization", WireMock.equalTo(TOKEN))
			.willReturn(WireMock.okJson(accessInfo.toString())));
		this.server.stubFor(WireMock.delete("/" + USERNAME + "/accesses/" + ACCESS_ID)
			.withHeader("Authorization", WireMock.equalTo(TOKEN))
			.willReturn(PryvFixture.load("access-delete-revoke").response(base)));
	}

	public void accept() {
		poll(PryvFixture.load("auth-poll-accepted").response(baseUrl()));
	}

	public void refuse() {
		poll(PryvFixture.load("auth-poll-refused").response(baseUrl()));
	}

	public void forget() {
		poll(PryvFixture.load("auth-poll-unknown-key").response(baseUrl()));
	}

	/** The platform reports an error for the request. */
	public void fail() {
		poll(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
			.withBody("{\"status\":\"ERROR\",\"reasonId\":\"INVALID_REQUEST\",\"message\":\"The request is broken\"}"));
	}

	/** The platform is down: polls answer an HTTP 503 without a Pryv answer. */
	public void breakDown() {
		poll(WireMock.aResponse().withStatus(503).withBody("Service Unavailable"));
	}

	private void poll(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
		this.server.stubFor(WireMock.get("/reg/access/" + KEY).willReturn(answer));
	}

	public int polls() {
		return this.server.findAll(WireMock.getRequestedFor(WireMock.urlPathMatching("/reg/access/.+"))).size();
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
