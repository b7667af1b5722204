package io.pryv.sample;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * A WireMock Pryv platform answering with the recorded fixtures: service info,
 * the auth request start, polls (NEED_SIGNIN until {@link #accept()} or
 * {@link #refuse()}), and the accepted user's access-info, streams and events
 * (only for the granted token).
 */
public final class PryvPlatformStubs implements AutoCloseable {

	private final WireMockServer server;

	/** Start on a free loopback port. */
	public PryvPlatformStubs() {
		this.server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.server.start();
		reset();
	}

	/** @return the WireMock server, to add stubs or verify requests */
	public WireMockServer server() {
		return this.server;
	}

	/** @return {@code http://127.0.0.1:{port}} */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** @return the service info URL */
	public String serviceInfoUrl() {
		return baseUrl() + "/reg/service/info";
	}

	/** Back to the start: a platform whose auth request is waiting for the user. */
	public void reset() {
		this.server.resetAll();
		String base = baseUrl();
		this.server.stubFor(WireMock.get("/reg/service/info").willReturn(Fixtures.answer("service-info", base)));
		this.server.stubFor(WireMock.post("/reg/access").willReturn(Fixtures.answer("auth-request-start", base)));
		this.server.stubFor(WireMock.post("/reg/access/").willReturn(Fixtures.answer("auth-request-start", base)));
		this.server.stubFor(WireMock.get("/reg/access/" + Fixtures.KEY)
			.willReturn(Fixtures.answer("auth-poll-need-signin", base)));
		String user = "/" + Fixtures.USERNAME + "/";
		this.server.stubFor(WireMock.get(user + "access-info")
			.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
			.willReturn(Fixtures.answer("access-info", base)));
		this.server.stubFor(WireMock.get(user + "streams")
			.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
			.willReturn(Fixtures.answer("streams-get", base)));
		this.server.stubFor(WireMock.get(WireMock.urlPathEqualTo(user + "events"))
			.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
			.willReturn(Fixtures.answer("events-get", base)));
		this.server.stubFor(WireMock.get(WireMock.urlPathEqualTo(user + "events"))
			.withQueryParam("streams", WireMock.equalTo("no-such-stream"))
			.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
			.willReturn(Fixtures.answer("events-get-unknown-stream", base)));
		this.server.stubFor(WireMock.delete(WireMock.urlPathMatching(user + "accesses/.*"))
			.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
			.willReturn(Fixtures.answer("access-delete-revoke", base)));
	}

	/** The user accepts: polls answer the recorded ACCEPTED. */
	public void accept() {
		this.server.stubFor(WireMock.get("/reg/access/" + Fixtures.KEY)
			.willReturn(Fixtures.answer("auth-poll-accepted", baseUrl())));
	}

	/** The user refuses: polls answer the recorded REFUSED. */
	public void refuse() {
		this.server.stubFor(WireMock.get("/reg/access/" + Fixtures.KEY)
			.willReturn(Fixtures.answer("auth-poll-refused", baseUrl())));
	}

	/** The platform forgot the request: polls answer the recorded unknown-access-key. */
	public void forget() {
		this.server.stubFor(WireMock.get("/reg/access/" + Fixtures.KEY)
			.willReturn(Fixtures.answer("auth-poll-unknown-key", baseUrl())));
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
