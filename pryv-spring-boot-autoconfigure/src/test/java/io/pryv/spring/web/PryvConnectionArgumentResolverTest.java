package io.pryv.spring.web;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.pryv.client.AccessInfo;
import io.pryv.client.ApiEndpoint;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvFixture;
import io.pryv.client.PryvService;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A controller taking a {@link PryvConnection} argument, resolved from the session. */
@WireMockTest
class PryvConnectionArgumentResolverTest {

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private MockMvc mvc;

	private String base;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		PryvService service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
		this.mvc = MockMvcBuilders.standaloneSetup(new Controller())
			.setCustomArgumentResolvers(new PryvConnectionArgumentResolver(new HttpSessionPryvConnectionRepository(),
					new PryvConnectionFactory(service)))
			.build();
	}

	@Test
	void withoutALoginTheAnswerIs401() throws Exception {
		this.mvc.perform(get("/me")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/who")).andExpect(status().isUnauthorized());
	}

	@Test
	void withALoginTheControllerGetsAWorkingConnection() throws Exception {
		PryvFixture accessInfo = PryvFixture.load("access-info");
		stubFor(accessInfo.request().withHeader("Authorization", equalTo(TOKEN)).willReturn(accessInfo.response(this.base)));
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(HttpSessionPryvConnectionRepository.ATTRIBUTE,
				new PryvAuthorization(ApiEndpoint.of(this.base + "/fixturejcstbv/", TOKEN), "fixturejcstbv"));
		this.mvc.perform(get("/me").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string("fixturejcstbv"));
		this.mvc.perform(get("/who").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string("fixturejcstbv"));
	}

	@RestController
	static class Controller {

		@GetMapping("/me")
		String me(PryvConnection connection) {
			AccessInfo info = connection.accessInfo();
			return info.username();
		}

		@GetMapping("/who")
		String who(PryvAuthorization authorization) {
			return authorization.username();
		}

	}

}
