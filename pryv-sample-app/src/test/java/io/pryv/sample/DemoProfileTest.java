package io.pryv.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code demo} profile over real HTTP, without a browser: the page says it
 * talks to the simulation, the simulated consent page accepts or refuses, and
 * the signed-in user reads and writes data on the simulated platform.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DemoProfileTest {

	private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([A-Za-z0-9_-]+)\"");

	@LocalServerPort
	private int port;

	private String app() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Open the consent page the app sent us to and answer it; @return where the platform sends the browser back */
	private static String answerConsent(HttpBrowser browser, String consentUrl, String username, String decision) {
		HttpResponse<String> consent = browser.get(consentUrl);
		assertThat(consent.statusCode()).isEqualTo(200);
		assertThat(consent.body()).contains("simulated", "id=\"accept\"", "id=\"refuse\"", "pryv-spring-sample",
				"<code>diary</code>");
		Matcher key = KEY.matcher(consent.body());
		assertThat(key.find()).isTrue();
		URI page = URI.create(consentUrl);
		HttpResponse<String> answered = browser.postForm(page.getScheme() + "://" + page.getRawAuthority() + "/access/consent",
				"key=" + key.group(1) + "&username=" + username + "&decision=" + decision);
		assertThat(answered.statusCode()).isEqualTo(302);
		return answered.headers().firstValue("Location").orElseThrow();
	}

	@Test
	void acceptOnTheSimulatedConsentPageThenReadAndWriteData() {
		HttpBrowser browser = new HttpBrowser();
		String home = browser.get(app() + "/").body();
		assertThat(home).contains("simulated Pryv platform", "Pryv simulation (demo)", "/www/assets/lib-js/buttonSignIn.css",
				">Sign in with Pryv simulation (demo)</button>");

		String back = answerConsent(browser, browser.startSignIn(app()), "carol-demo", "accept");
		assertThat(back).startsWith(app() + "/login/pryv/return?prYvkey=").contains("prYvstatus=ACCEPTED", "prYvpoll=");
		assertThat(browser.get(back).statusCode()).isEqualTo(302);

		String page = browser.get(app() + "/").body();
		assertThat(page).contains("id=\"username\">carol-demo<", "Heart rate", "data-stream-id=\"weight\"");
		assertThat(page.split("data-event-id=").length - 1).isEqualTo(20);

		String csrf = browser.csrfToken(app());
		HttpResponse<String> created = browser.postJson(app() + "/api/events",
				"{\"streamId\":\"diary\",\"note\":\"From DemoProfileTest\"}", csrf);
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.body()).contains("\"type\":\"note/txt\"", "From DemoProfileTest");
		HttpResponse<String> value = browser.postJson(app() + "/api/events",
				"{\"streamId\":\"weight\",\"value\":70.5,\"type\":\"mass/kg\"}", csrf);
		assertThat(value.statusCode()).isEqualTo(201);

		String notes = browser.get(app() + "/api/events?types=" + URLEncoder.encode("note/txt", StandardCharsets.UTF_8)
				+ "&limit=1").body();
		assertThat(notes.strip().split("\n")).hasSize(1);
		assertThat(notes).contains("From DemoProfileTest");
		assertThat(browser.get(app() + "/api/events?streams=weight&limit=1").body()).contains("70.5");

		HttpResponse<String> unknown = browser.get(app() + "/api/events?streams=no-such-stream");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("unknown-referenced-resource", "no-such-stream");

		byte[] tooLarge = new byte[11 * 1024 * 1024];
		HttpResponse<String> pageUpload = browser.postFile(app() + "/files", java.util.Map.of("_csrf", csrf, "streamId", "diary"),
				"big.bin", tooLarge);
		assertThat(pageUpload.statusCode()).isEqualTo(302);
		assertThat(browser.get(app() + "/").body()).contains("The file is larger than the 10 MB this app accepts");
		HttpResponse<String> apiUpload = browser.postFile(app() + "/api/files", java.util.Map.of("_csrf", csrf, "streamId", "diary"),
				"big.bin", tooLarge);
		assertThat(apiUpload.statusCode()).isEqualTo(413);
		assertThat(apiUpload.body()).contains("file-too-large");
		HttpResponse<String> small = browser.postFile(app() + "/api/files", java.util.Map.of("_csrf", csrf, "streamId", "diary"),
				"small.txt", "small file".getBytes(StandardCharsets.UTF_8));
		assertThat(small.statusCode()).isEqualTo(201);
		assertThat(small.body()).contains("\"fileName\":\"small.txt\"").doesNotContain("readToken");

		HttpResponse<String> forbidden = browser.postJson(app() + "/api/events",
				"{\"streamId\":\"diary\",\"note\":\"no CSRF token\"}", "wrong-token");
		assertThat(forbidden.statusCode()).isEqualTo(403);
	}

	@Test
	void refuseOnTheSimulatedConsentPage() {
		HttpBrowser browser = new HttpBrowser();
		String back = answerConsent(browser, browser.startSignIn(app()), "dave-demo", "refuse");
		assertThat(back).contains("prYvstatus=REFUSED");
		String failed = browser.get(back).headers().firstValue("Location").orElseThrow();
		assertThat(failed).isEqualTo(app() + "/?error");
		assertThat(browser.get(failed).headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/"));
		String page = browser.get(app() + "/").body();
		assertThat(page).contains("You refused to give this app access").doesNotContain("id=\"username\"");
		assertThat(browser.get(app() + "/api/streams").statusCode()).isEqualTo(401);
	}

}
