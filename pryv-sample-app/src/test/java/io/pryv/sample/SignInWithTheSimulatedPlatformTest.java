package io.pryv.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.pryv.spring.boot.test.AutoConfigurePryvPlatform;
import io.pryv.spring.boot.test.Consent;
import io.pryv.spring.boot.test.RecordedRequest;
import io.pryv.spring.boot.test.SimulatedPryvPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The app tested as a team would test its own portal with
 * pryv-spring-boot-test (the README's "Testing your app" example): the
 * simulated platform replaces the real one, the test plays the user's consent,
 * and checks both what the app shows and what it sent to the platform.
 */
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigurePryvPlatform
class SignInWithTheSimulatedPlatformTest {

	@Autowired
	MockMvc mvc;

	@Autowired
	SimulatedPryvPlatform platform;

	@BeforeEach
	void seed() {
		this.platform.user("alice").stream("heart", "Heart").child("heart-rate", "Heart rate").events("frequency/bpm", 62, 64);
		this.platform.requests().clear();
	}

	/** Start a sign-in as the page's button does; @return the consent page the app sends the browser to */
	private String startSignIn(MockHttpSession session) throws Exception {
		String authUrl = this.mvc.perform(post("/login/pryv").with(csrf()).session(session))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(authUrl).startsWith(this.platform.baseUrl() + "/access/access.html?");
		return authUrl;
	}

	@Test
	void signInThroughTheConsentThenReadAndWrite() throws Exception {
		MockHttpSession session = new MockHttpSession();
		String back = this.platform.consent(startSignIn(session)).accept("alice");

		this.mvc.perform(get(URI.create(back)).session(session)).andExpect(redirectedUrl("/"));
		this.mvc.perform(get("/api/streams").session(session))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.streams[?(@.id == 'heart')].children[0].id").value("heart-rate"));
		this.mvc.perform(post("/api/events").with(csrf()).session(session)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"streamId\":\"diary\",\"note\":\"Written by the test\"}"))
			.andExpect(status().isCreated());

		assertThat(this.platform.user("alice").stream("diary").events()).singleElement()
			.satisfies((event) -> assertThat(event.path("content").asString()).isEqualTo("Written by the test"));
		RecordedRequest authRequest = this.platform.requests().authRequests().get(0);
		assertThat(authRequest.json().path("requestingAppId").asString()).isEqualTo("pryv-spring-sample");
		List<RecordedRequest> writes = this.platform.requests().to("POST", "/alice/events");
		assertThat(writes).singleElement().satisfies((write) -> {
			assertThat(write.header("Authorization")).isNotBlank();
			assertThat(write.json().path("streamIds").get(0).asString()).isEqualTo("diary");
		});
		this.platform.requests().assertNoTokenInUrls();
	}

	@Test
	void aReturnBeforeTheUserConsentedSignsNobodyIn() throws Exception {
		MockHttpSession session = new MockHttpSession();
		String authUrl = startSignIn(session);
		Consent consent = this.platform.consent(authUrl);
		URI early = URI.create("/login/pryv/return?prYvkey=" + consent.key() + "&prYvstatus=ACCEPTED&prYvpoll="
				+ URLEncoder.encode(consent.pollUrl(), StandardCharsets.UTF_8));

		this.mvc.perform(get(early).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("/login/pryv/return")));
		this.mvc.perform(get("/api/streams").session(session)).andExpect(status().isUnauthorized());
		assertThat(consent.status()).isEqualTo("NEED_SIGNIN");
	}

	@Test
	void aRefusedConsentSignsNobodyIn() throws Exception {
		MockHttpSession session = new MockHttpSession();
		String back = this.platform.consent(startSignIn(session)).refuse();

		this.mvc.perform(get(URI.create(back)).session(session)).andExpect(redirectedUrl("/?error"));
		this.mvc.perform(get("/").param("error", "").session(session))
			.andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("refused")));
		this.mvc.perform(get("/api/streams").session(session)).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/").session(session)).andExpect(content().string(org.hamcrest.Matchers.not(
				org.hamcrest.Matchers.containsString("id=\"username\""))));
	}

	@Test
	void aPlatformErrorIsShownNotHidden() throws Exception {
		this.platform.faults().on("POST", "/reg/access").times(1).serverError(503);
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(post("/login/pryv").with(csrf()).session(session)).andExpect(redirectedUrl("/?error"));
		this.mvc.perform(get("/").param("error", "").session(session))
			.andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("503")));
	}

}
