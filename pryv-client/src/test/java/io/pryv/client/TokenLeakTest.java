package io.pryv.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No access token may reach an exception message, a {@code toString()} or a log
 * line, whatever goes wrong.
 */
@WireMockTest
@ExtendWith(OutputCaptureExtension.class)
class TokenLeakTest {

	private static final String TOKEN = "secrettoken9f8e7d6c5b4a";

	@Test
	void noTokenInExceptionsToStringsOrLogs(WireMockRuntimeInfo wm, CapturedOutput output) {
		String base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(base);
		stubFor(get("/alice/access-info").willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\": {\"id\": \"invalid-access-token\", \"message\": \"Cannot find access from token.\"}}")));
		stubFor(get("/alice/events").willReturn(aResponse().withStatus(500).withBody("oops " + TOKEN)));
		stubFor(get("/alice/streams").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		stubFor(post("/alice/").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
			.withBody("{\"results\": [{\"access\": {\"token\": \"" + TOKEN + "\"}}], \"meta\": {\"serverTime\": 1}}")));
		stubFor(post(anyUrl()).atPriority(10).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		PryvService service = PryvService.builder().serviceInfoUrl(base + "/reg/service/info").build();
		PryvConnectionFactory factory = new PryvConnectionFactory(service);
		String endpointText = base.replace("http://", "http://" + TOKEN + "@") + "/alice/";
		PryvConnection connection = factory.connect(endpointText);
		PryvConnection unreachable = factory.connect("http://" + TOKEN + "@127.0.0.1:1/alice/");

		List<Throwable> failures = new ArrayList<>();
		collect(failures, connection::accessInfo);
		collect(failures, () -> connection.get("events", Map.of("limit", 1)));
		collect(failures, () -> connection.get("streams", null));
		collect(failures, unreachable::accessInfo);
		collect(failures, () -> unreachable.api(List.of(ApiCall.of("events.get", Map.of()))));
		collect(failures, () -> ApiEndpoint.parse(TOKEN + "@alice.pryv.me/"));
		collect(failures, () -> ApiEndpoint.parse("ftp://" + TOKEN + "@alice.pryv.me/"));
		collect(failures, () -> ApiEndpoint.of("https://" + TOKEN + "@alice.pryv.me/", TOKEN));
		collect(failures, () -> new MfaRequiredException("alice", TOKEN));
		assertThat(failures).hasSize(9);

		List<String> texts = new ArrayList<>();
		for (Throwable failure : failures) {
			for (Throwable t = failure; t != null; t = t.getCause()) {
				texts.add(String.valueOf(t.getMessage()));
				texts.add(t.toString());
			}
		}
		List<ApiResult> results = connection.api(List.of(ApiCall.of("accesses.create", Map.of("name", "x"))));
		assertThat(results.get(0).get("access").get("token").asString()).isEqualTo(TOKEN);
		texts.add(results.toString());
		texts.add(connection.toString());
		texts.add(connection.reactive().toString());
		texts.add(connection.endpoint().toString());
		texts.add(new AuthResponse(AuthStatus.ACCEPTED, null, null, null, 0, "alice", ApiEndpoint.parse(endpointText), null,
				null).toString());
		texts.add(new CreatedUser("alice", ApiEndpoint.parse(endpointText)).toString());
		texts.add(factory.toString());
		texts.add(ApiCall.of("accesses.create", Map.of("token", TOKEN)).toString());
		texts.add(AccessInfo.from(tools.jackson.databind.json.JsonMapper.builder().build()
			.readTree("{\"id\": \"a\", \"token\": \"" + TOKEN + "\", \"user\": {\"username\": \"alice\"}}")).toString());

		assertThat(texts).allSatisfy((text) -> assertThat(text).doesNotContain(TOKEN));
		assertThat(output.getAll()).doesNotContain(TOKEN);
	}

	private static void collect(List<Throwable> failures, Supplier<?> action) {
		try {
			Object value = action.get();
			if (value instanceof Throwable throwable) {
				failures.add(throwable);
			}
		}
		catch (RuntimeException ex) {
			failures.add(ex);
		}
	}

}
