package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exchange recorded from a real open-pryv.io 2.0 server
 * ({@code src/test/resources/fixtures/NAME.json}), replayed by WireMock.
 * <p>
 * The recording server was {@code http://127.0.0.1:3000}; URLs in the recorded
 * answers (API endpoints with a token included) are rewritten to the WireMock
 * server's base URL.
 */
public final class PryvFixture {

	/** The base URL of the server the fixtures were recorded on. */
	public static final String RECORDED_BASE = "http://127.0.0.1:3000";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final String name;

	private final JsonNode exchange;

	private PryvFixture(String name, JsonNode exchange) {
		this.name = name;
		this.exchange = exchange;
	}

	/**
	 * @param name the fixture's file name without {@code .json}
	 * @return the fixture
	 */
	public static PryvFixture load(String name) {
		try (InputStream in = PryvFixture.class.getResourceAsStream("/fixtures/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + name);
			}
			return new PryvFixture(name, MAPPER.readTree(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the recorded request's path and query, e.g. {@code /fixturejcstbv/access-info} */
	public String path() {
		String url = this.exchange.path("request").path("url").asString().replace("{base}", RECORDED_BASE);
		URI uri = URI.create(url);
		return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

	/** @return the recorded request's method */
	public String method() {
		return this.exchange.path("request").path("method").asString();
	}

	/** @return the recorded request's body */
	public JsonNode requestBody() {
		return this.exchange.path("request").path("body");
	}

	/** @return the recorded HTTP status */
	public int status() {
		return this.exchange.path("response").path("status").asInt();
	}

	/**
	 * @param baseUrl the URL that replaces the recording server's in the answer
	 * @return the recorded answer body, as text
	 */
	public String responseBody(String baseUrl) {
		String authority = URI.create(baseUrl).getRawAuthority();
		return MAPPER.writeValueAsString(this.exchange.path("response").path("body"))
			.replace(RECORDED_BASE, baseUrl)
			.replace("@127.0.0.1:3000/", "@" + authority + "/");
	}

	/**
	 * @param baseUrl the URL that replaces the recording server's in the answer
	 * @return the recorded answer body, as JSON
	 */
	public JsonNode responseJson(String baseUrl) {
		return MAPPER.readTree(responseBody(baseUrl));
	}

	/**
	 * @param baseUrl the URL that replaces the recording server's in the answer
	 * @return the recorded answer: status, headers and body
	 */
	public ResponseDefinitionBuilder response(String baseUrl) {
		ResponseDefinitionBuilder response = WireMock.aResponse().withStatus(status());
		for (Map.Entry<String, JsonNode> header : this.exchange.path("response").path("headers").properties()) {
			response.withHeader(header.getKey(), header.getValue().asString());
		}
		return response.withBody(responseBody(baseUrl));
	}

	/** @return a request pattern for the recorded method and exact URL */
	public MappingBuilder request() {
		return WireMock.request(method(), WireMock.urlEqualTo(path()));
	}

	/**
	 * Stub the recorded exchange on the given WireMock server: the recorded
	 * method and URL answer the recorded status, headers and body.
	 * @param baseUrl the WireMock server's base URL
	 * @return the stub mapping builder, already registered
	 */
	public MappingBuilder stub(String baseUrl) {
		MappingBuilder mapping = request().willReturn(response(baseUrl));
		WireMock.stubFor(mapping);
		return mapping;
	}

	@Override
	public String toString() {
		return "PryvFixture[" + this.name + "]";
	}

}
