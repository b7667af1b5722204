package io.pryv.spring.security;

import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The bad inputs of a sign-in's start ({@code POST /login/pryv}) that would send
 * the user, or the request, somewhere else than the app and its platforms:
 * a {@code pryvServiceInfoUrl} outside the allowed platforms, and a
 * {@code returnURL} not of the app. Each is refused with the reason, and NO
 * request reaches any platform (the configured one, the allowed one, or the one
 * named by the input, which is a live server here).
 * <p>
 * The app's {@link PryvAuthRequestResolver} is the naive one a team might
 * write ("send the user back where {@code next} says"): the starter must refuse
 * what it produces when it is not the app's return endpoint.
 */
@SpringBootTest(classes = SignInBadInputMatrixTest.App.class)
@AutoConfigureMockMvc
class SignInBadInputMatrixTest {

	private static final PryvPlatformStub platform = new PryvPlatformStub();

	/** In pryv.security.allowed-service-info-urls. */
	private static final PryvPlatformStub allowed = new PryvPlatformStub();

	/** Not allowed, and live: it would answer if asked. */
	private static final PryvPlatformStub foreign = new PryvPlatformStub();

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void platforms(DynamicPropertyRegistry registry) {
		registry.add("pryv.service-info-url", platform::serviceInfoUrl);
		registry.add("pryv.security.allowed-service-info-urls", allowed::serviceInfoUrl);
		registry.add("pryv.app-id", () -> "test-portal");
		registry.add("pryv.permissions[0].stream-id", () -> "heart");
		registry.add("pryv.permissions[0].level", () -> "read");
	}

	@AfterAll
	static void stopPlatforms() {
		platform.close();
		allowed.close();
		foreign.close();
	}

	@BeforeEach
	void reset() {
		platform.reset();
		allowed.reset();
		foreign.reset();
	}

	static Stream<Arguments> platformsNotAllowed() {
		String allowedUrl = allowed.serviceInfoUrl();
		String allowedHost = allowed.baseUrl().substring("http://".length());
		return Stream.of(
				Arguments.of("another live platform", foreign.serviceInfoUrl()),
				Arguments.of("an allowed one's path in another case", allowedUrl.replace("/reg/", "/REG/")),
				Arguments.of("an allowed one with a query", allowedUrl + "?x=1"),
				Arguments.of("an allowed one with a fragment", allowedUrl + "#x"),
				Arguments.of("an allowed one with a trailing slash", allowedUrl + "/"),
				Arguments.of("an allowed one's dot segments", allowed.baseUrl() + "/reg/x/../service/info"),
				Arguments.of("an allowed one as user-info of another host",
						"http://" + allowedHost + "@" + foreign.baseUrl().substring("http://".length()) + "/reg/service/info"),
				Arguments.of("an allowed one followed by a line break", allowedUrl + "\r\nX-Evil: 1"),
				Arguments.of("https instead of http", allowedUrl.replace("http://", "https://")),
				Arguments.of("a javascript: URL", "javascript:alert(1)"),
				Arguments.of("a file: URL", "file:///etc/passwd"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("platformsNotAllowed")
	void aPlatformOutsideTheAllowedOnesIsRefusedWithoutAnyRequest(String what, String serviceInfoUrl) throws Exception {
		JsonNode answer = startAsJson(post("/login/pryv").param("pryvServiceInfoUrl", serviceInfoUrl), 400);
		assertThat(answer.path("reasonId").asString()).isEqualTo(PryvAuthenticationException.PLATFORM_NOT_ALLOWED);
		assertThat(answer.path("message").asString()).contains("pryv.security.allowed-service-info-urls")
			.doesNotContain("\r", "\n");
		assertNoRequestReachedAnyPlatform();
	}

	static Stream<Arguments> returnUrlsNotOfTheApp() {
		return Stream.of(
				Arguments.of("another host", "https://evil.example/login/pryv/return?"),
				Arguments.of("another port", "http://localhost:8081/login/pryv/return?"),
				Arguments.of("another scheme", "https://localhost/login/pryv/return?"),
				Arguments.of("another path", "http://localhost/elsewhere?"),
				Arguments.of("the return path as a prefix", "http://localhost/login/pryv/return-evil?"),
				Arguments.of("dot segments", "http://localhost/login/pryv/return/../../../evil?"),
				Arguments.of("the app as user-info of another host", "http://localhost@evil.example/login/pryv/return?"),
				Arguments.of("the app's host as a subdomain", "http://localhost.evil.example/login/pryv/return?"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("returnUrlsNotOfTheApp")
	void aReturnUrlNotOfTheAppIsRefusedWithoutAnyRequest(String what, String returnUrl) throws Exception {
		JsonNode answer = startAsJson(post("/login/pryv").param("next", returnUrl), 400);
		assertThat(answer.path("reasonId").asString()).isEqualTo(PryvAuthenticationException.FOREIGN_RETURN_URL);
		assertThat(answer.path("message").asString()).contains("does not lead back to this app");
		assertNoRequestReachedAnyPlatform();
	}

	static Stream<Arguments> returnUrlsThatAreNotEvenUrls() {
		return Stream.of(Arguments.of("scheme-relative", "//evil.example/login/pryv/return?"),
				Arguments.of("javascript:", "javascript:alert(1)//?"), Arguments.of("a line break", "http://localhost/\r\n?"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("returnUrlsThatAreNotEvenUrls")
	void aReturnUrlThatIsNotAnHttpUrlIsRefusedWithoutAnyRequest(String what, String returnUrl) throws Exception {
		MvcResult result = this.mvc.perform(post("/login/pryv").param("next", returnUrl)
			.accept(MediaType.APPLICATION_JSON)
			.session(new MockHttpSession())
			.with(csrf())).andReturn();
		assertThat(result.getResponse().getStatus()).as("refused").isBetween(400, 599);
		assertThat(result.getResponse().getContentAsString()).contains("return URL").doesNotContain("\r\n");
		assertNoRequestReachedAnyPlatform();
	}

	@Test
	void theAppsOwnReturnEndpointWithItsOwnQueryIsSent() throws Exception {
		startAsJson(post("/login/pryv").param("next", "http://localhost/login/pryv/return?tenant=acme&"), 200);
		assertThat(sentReturnUrl()).isEqualTo("http://localhost/login/pryv/return?tenant=acme&");
	}

	@Test
	void aReturnUrlParameterFromTheBrowserIsIgnored() throws Exception {
		startAsJson(post("/login/pryv").param("returnURL", "https://evil.example/?")
			.param("returnUrl", "https://evil.example/?"), 200);
		assertThat(sentReturnUrl()).isEqualTo("http://localhost/login/pryv/return?");
	}

	private JsonNode startAsJson(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder start,
			int expectedStatus) throws Exception {
		String body = this.mvc.perform(start.accept(MediaType.APPLICATION_JSON).session(new MockHttpSession()).with(csrf()))
			.andExpect(status().is(expectedStatus))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return MAPPER.readTree(body);
	}

	private static String sentReturnUrl() {
		List<LoggedRequest> sent = platform.server().findAll(WireMock.postRequestedFor(WireMock.urlMatching("/reg/access/?")));
		assertThat(sent).hasSize(1);
		return MAPPER.readTree(sent.get(0).getBodyAsString()).path("returnURL").asString();
	}

	private static void assertNoRequestReachedAnyPlatform() {
		for (PryvPlatformStub stub : List.of(platform, allowed, foreign)) {
			assertThat(stub.server().findAll(WireMock.anyRequestedFor(WireMock.anyUrl())))
				.as("requests that reached %s", stub.baseUrl())
				.isEmpty();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			// a naive resolver: "send the user back where 'next' says"
			http.with(PryvLoginConfigurer.pryvLogin(), (login) -> login.authRequestResolver((request, configured) -> {
				String next = request.getParameter("next");
				return (next != null) ? configured.withReturnUrl(next) : configured;
			}));
			return http.build();
		}

	}

}
