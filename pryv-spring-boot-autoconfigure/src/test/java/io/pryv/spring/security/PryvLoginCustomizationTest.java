package io.pryv.spring.security;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pryv.spring.web.PryvConnectionRepository;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.github.tomakehurst.wiremock.client.WireMock;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code pryvLogin()} with every endpoint moved, the application's own pages and
 * handlers, an auth request resolver, an authorities mapper, and revocation on
 * every logout ({@code pryv.security.logout.revoke=true}).
 */
@SpringBootTest(classes = PryvLoginCustomizationTest.App.class, properties = "pryv.security.logout.revoke=true")
@AutoConfigureMockMvc
class PryvLoginCustomizationTest {

	private static final PryvPlatformStub platform = new PryvPlatformStub();

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void pryvPlatform(DynamicPropertyRegistry registry) {
		registry.add("pryv.service-info-url", platform::serviceInfoUrl);
		registry.add("pryv.app-id", () -> "test-portal");
		registry.add("pryv.permissions[0].stream-id", () -> "heart");
		registry.add("pryv.permissions[0].level", () -> "read");
	}

	@AfterAll
	static void stopPlatform() {
		platform.close();
	}

	@BeforeEach
	void reset() {
		platform.reset();
	}

	@Test
	void everyEndpointPageAndHandlerCanBeTheApplicationsOwn() throws Exception {
		this.mvc.perform(get("/private")).andExpect(redirectedUrl("/welcome"));
		// no generated page: the old path is just another protected page
		this.mvc.perform(get("/login/pryv")).andExpect(redirectedUrl("/welcome"));
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(post("/signin").session(session).with(csrf())).andExpect(status().isFound());
		String sent = platform.server()
			.findAll(WireMock.postRequestedFor(WireMock.urlMatching("/reg/access/?")))
			.get(0)
			.getBodyAsString();
		var body = JsonMapper.builder().build().readTree(sent);
		assertThat(body.path("returnURL").asString()).isEqualTo("http://localhost/signin/back?");
		assertThat(body.path("clientData").path("tenant").asString()).isEqualTo("acme");

		this.mvc.perform(get("/signin/back").session(session)).andExpect(redirectedUrl("/wait"));
		this.mvc.perform(get("/signin/state").session(session)).andExpect(content().json("{\"status\":\"NEED_SIGNIN\"}"));
		platform.accept();
		this.mvc.perform(get("/signin/back").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string("welcome " + PryvPlatformStub.USERNAME))
			.andExpect(authenticated().withAuthorities(List.of(new SimpleGrantedAuthority("ROLE_HEART_READER"))));

		this.mvc.perform(post("/logout").session(session).with(csrf())).andExpect(unauthenticated());
		platform.server().verify(1, WireMock.deleteRequestedFor(
				WireMock.urlEqualTo("/" + PryvPlatformStub.USERNAME + "/accesses/" + PryvPlatformStub.ACCESS_ID)));
	}

	@Test
	void theApplicationsFailureHandlerGetsTheReason() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(post("/signin").session(session).with(csrf())).andExpect(status().isFound());
		platform.refuse();
		this.mvc.perform(get("/signin/back").session(session))
			.andExpect(status().isForbidden())
			.andExpect(content().string("REFUSED REFUSED_BY_USER"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, PryvConnectionRepository connections) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/welcome", "/wait")
				.permitAll()
				.anyRequest()
				.hasRole("HEART_READER"));
			http.with(PryvLoginConfigurer.pryvLogin(), (login) -> login.startUri("/signin")
				.returnUri("/signin/back")
				.statusUri("/signin/state")
				.loginPage("/welcome")
				.waitingPage("/wait")
				.connectionRepository(connections)
				.authRequestResolver((request, configured) -> configured
					.withClientData(java.util.Map.of("tenant", "acme")))
				.authoritiesMapper((authorities) -> authorities.stream()
					.anyMatch((authority) -> authority.getAuthority().equals("PRYV_STREAM_heart:read"))
							? List.of(new SimpleGrantedAuthority("ROLE_HEART_READER")) : List.of())
				.successHandler((request, response, authentication) -> response.getWriter()
					.write("welcome " + authentication.getName()))
				.failureHandler((request, response, exception) -> {
					PryvAuthenticationException pryv = (PryvAuthenticationException) exception;
					response.setStatus(403);
					response.getWriter().write(pryv.status() + " " + pryv.reasonId());
				}));
			return http.build();
		}


	}

}
