package io.pryv.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exchanges recorded from a real open-pryv.io 2.0 server
 * ({@code src/test/resources/fixtures/NAME.json}, copied from the shared
 * recordings), replayed by WireMock with the recording server's URL
 * ({@code http://127.0.0.1:3000}) rewritten to WireMock's.
 */
public final class Fixtures {

	/** The base URL of the server the fixtures were recorded on. */
	public static final String RECORDED_BASE = "http://127.0.0.1:3000";

	/** The key of the recorded auth request. */
	public static final String KEY = "AFDUqvBLzWXLrTgi";

	/** The user who accepted the recorded auth request. */
	public static final String USERNAME = "fixturejcstbv";

	/** The token the recorded auth request granted. */
	public static final String TOKEN = "ad4fi6057t5vm0xy8ns6bco9";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Fixtures() {
	}

	/**
	 * @param name the fixture file name without {@code .json}
	 * @return the recorded exchange
	 */
	public static JsonNode load(String name) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + name);
			}
			return MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param name the fixture
	 * @param baseUrl the URL of the WireMock server
	 * @return the recorded answer: status, content type and body, URLs rewritten
	 */
	public static ResponseDefinitionBuilder answer(String name, String baseUrl) {
		JsonNode response = load(name).path("response");
		String authority = URI.create(baseUrl).getRawAuthority();
		String body = MAPPER.writeValueAsString(response.path("body"))
			.replace(RECORDED_BASE, baseUrl)
			.replace("@127.0.0.1:3000/", "@" + authority + "/");
		ResponseDefinitionBuilder answer = WireMock.aResponse().withStatus(response.path("status").asInt()).withBody(body);
		for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
			answer.withHeader(header.getKey(), header.getValue().asString());
		}
		return answer;
	}

	/**
	 * @param baseUrl the WireMock base URL
	 * @return the poll URL of the recorded auth request on it
	 */
	public static String pollUrl(String baseUrl) {
		return baseUrl + "/reg/access/" + KEY;
	}

}
