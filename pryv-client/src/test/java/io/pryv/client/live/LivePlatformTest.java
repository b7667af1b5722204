package io.pryv.client.live;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.pryv.client.PryvService;

/**
 * The live-platform suite: the main scenarios against a real Pryv platform,
 * as lib-js's tests do with {@code TEST_PRYVLIB_SERVICEINFO_URL}. Run with
 * {@code mvn -B -Plive -pl pryv-client -am verify} and
 * {@code PRYV_TEST_SERVICE_INFO_URL} (optionally {@code PRYV_TEST_USERNAME},
 * {@code PRYV_TEST_PASSWORD}, {@code PRYV_TEST_ORIGIN}); without it, it is
 * skipped with one line saying why. Tagged {@code live}: the default build
 * leaves it out.
 */
@Tag("live")
class LivePlatformTest {

	@Test
	void mainScenariosOnARealPlatform() {
		LivePlatformScenarios.LiveSettings settings = LivePlatformScenarios.LiveSettings.fromEnvironment();
		if (settings.serviceInfoUrl() == null) {
			String why = "Live-platform suite skipped: PRYV_TEST_SERVICE_INFO_URL is not set "
					+ "(e.g. http://localhost:3000/reg/service/info for an open-pryv.io in DNS-less mode)";
			System.out.println(why);
			Assumptions.abort(why);
		}
		if (settings.username() != null && settings.password() == null) {
			Assumptions.abort("Live-platform suite skipped: PRYV_TEST_USERNAME is set but PRYV_TEST_PASSWORD is not");
		}
		PryvService service = PryvService.builder().serviceInfoUrl(settings.serviceInfoUrl()).build();
		LivePlatformScenarios scenarios = new LivePlatformScenarios(service, settings);
		try {
			LivePlatformReplayTest.runAll(scenarios);
		}
		finally {
			scenarios.log().forEach((line) -> System.out.println("live: " + line));
		}
	}

}
