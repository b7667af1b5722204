package io.pryv.client;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** High-frequency series against the recorded exchanges. */
@WireMockTest
class HfSeriesTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final String EVENT_ID = "gw4cceey0jsprdbswu0kccui";

	private static final String SERIES = "/" + USER + "/events/" + EVENT_ID + "/series";

	private String base;

	private PryvConnection connection;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.connection = connect(this.base + "/reg/service/info");
	}

	private PryvConnection connect(String serviceInfoUrl) {
		return new PryvConnectionFactory(PryvService.builder().serviceInfoUrl(serviceInfoUrl).build())
			.connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN));
	}

	@Test
	void addsPointsInFlatJson() {
		PryvFixture recorded = PryvFixture.load("hf-add-points");
		stubFor(post(urlEqualTo(SERIES)).willReturn(recorded.response(this.base)));
		this.connection.addPointsToHFEvent(EVENT_ID, List.of("deltaTime", "value"),
				List.of(List.of(0, 60), List.of(1, 61), List.of(2, 63.5)));
		verify(postRequestedFor(urlEqualTo(SERIES)).withHeader("Authorization", equalTo(TOKEN))
			.withRequestBody(equalToJson(recorded.requestBody().toString())));
	}

	@Test
	void badFieldsAreAnApiErrorWithTheServersMessage() {
		stubFor(post(urlEqualTo(SERIES)).willReturn(PryvFixture.load("hf-add-points-bad-fields").response(this.base)));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.addPointsToHFEvent(EVENT_ID, List.of("deltaTime", "nope"),
					List.of(List.of(0, 60))))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("invalid-request-structure");
				assertThat(ex.getHttpStatus()).isEqualTo(400);
				assertThat(ex.getMessage()).contains("\"fields\" field must contain valid field names");
			});
	}

	@Test
	void anAnswerOtherThanStatusOkIsAnError() {
		stubFor(post(urlEqualTo(SERIES)).willReturn(aResponse().withHeader("content-type", "application/json")
			.withBody("{\"status\":\"partial\",\"message\":\"2 points dropped\",\"meta\":{\"serverTime\":1795681882.877}}")));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.addPointsToHFEvent(EVENT_ID, List.of("deltaTime", "value"),
					List.of(List.of(0, 60))))
			.withMessageContaining("status 'partial'")
			.withMessageContaining("2 points dropped");
	}

	@Test
	void aPointThatDoesNotMatchTheFieldsIsRejectedBeforeAnyCall() {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.addPointsToHFEvent(EVENT_ID, List.of("deltaTime", "value"),
					List.of(List.of(0, 60), List.of(1))))
			.withMessageContaining("point 1 has 1 values for the 2 fields");
		verify(0, postRequestedFor(anyUrl()));
	}

	@Test
	void readsPointsBackWithDeltaTimeBounds() {
		PryvFixture recorded = PryvFixture.load("hf-get-series");
		stubFor(get(urlPathEqualTo(SERIES)).willReturn(recorded.response(this.base)));
		JsonNode series = this.connection.hfSeries(EVENT_ID, 0.0, 2.5);
		assertThat(series.get("fields").get(1).asString()).isEqualTo("value");
		assertThat(series.get("points")).hasSize(3);
		assertThat(series.get("points").get(2).get(1).doubleValue()).isEqualTo(63.5);
		verify(getRequestedFor(urlEqualTo(SERIES + "?fromDeltaTime=0&toDeltaTime=2.5")));
		this.connection.hfSeries(EVENT_ID, null, null);
		verify(getRequestedFor(urlEqualTo(SERIES)));
	}

	@Test
	void aPlatformWithoutHfFailsClearlyBeforeAnyCall() {
		String noHf = PryvFixture.load("service-info")
			.responseBody(this.base)
			.replace("\"features\":{\"contentQueries\":true}", "\"features\":{\"contentQueries\":true,\"noHF\":true}");
		assertThat(noHf).contains("noHF");
		stubFor(get(urlEqualTo("/nohf/service/info")).willReturn(aResponse().withBody(noHf)));
		PryvConnection onNoHf = connect(this.base + "/nohf/service/info");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> onNoHf.addPointsToHFEvent(EVENT_ID, List.of("deltaTime", "value"), List.of(List.of(0, 1))))
			.withMessageContaining("'Local Pryv' has no high-frequency series")
			.withMessageContaining("noHF");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> onNoHf.hfSeries(EVENT_ID, null, null))
			.withMessageContaining("hfSeries was not sent");
		verify(0, postRequestedFor(urlPathEqualTo(SERIES)));
		verify(0, getRequestedFor(urlPathEqualTo(SERIES)));
	}

	@Test
	void aConnectionWithoutAServiceSkipsTheCheck() {
		stubFor(post(urlEqualTo(SERIES)).willReturn(PryvFixture.load("hf-add-points").response(this.base)));
		ReactivePryvConnection bare = new ReactivePryvConnection(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN),
				new PryvHttp(org.springframework.web.reactive.function.client.WebClient.create(), Json.DEFAULT_MAPPER),
				ReactivePryvConnection.DEFAULT_CHUNK_SIZE, null);
		assertThat(bare.service()).isNull();
		bare.addPointsToHFEvent(EVENT_ID, List.of("deltaTime", "value"), List.of(List.of(0, 60))).block();
		verify(1, postRequestedFor(urlEqualTo(SERIES)));
	}

}
