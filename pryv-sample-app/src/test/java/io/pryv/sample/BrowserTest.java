package io.pryv.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample app in a real browser: headless Chromium (Debian's {@code chromium}
 * and {@code chromium-driver}) driven by Selenium, against the app in its
 * {@code demo} profile (the embedded simulated platform with its consent page).
 * Skipped when Chromium or chromedriver is not installed ({@code .ci/run}
 * installs them). The signed-in page is saved to
 * {@code target/signed-in.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class BrowserTest {

	private static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("PRYV_TEST_CHROMIUM", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Paths
		.get(System.getenv().getOrDefault("PRYV_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

	private static WebDriver driver;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startBrowser(@TempDir Path profile) {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium and chromedriver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,1500", "--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@BeforeEach
	void freshBrowserSession() {
		driver.get(base() + "/");
		driver.manage().deleteAllCookies();
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	private WebElement waitFor(By by) {
		return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	/** The text of an element of the current page, looked up again if the page changed under it. */
	private String text(By by) {
		return new WebDriverWait(driver, Duration.ofSeconds(20))
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until((browser) -> {
				WebElement element = browser.findElement(by);
				return element.isDisplayed() ? element.getText() : null;
			});
	}

	/**
	 * Click a button that loads another page, and wait until the old page is
	 * gone: otherwise the next look-up can find an element of the old page
	 * (the consent page has its own {@code username}, the last page its {@code info}).
	 */
	private static void clickToNewPage(By button) {
		WebElement oldPage = driver.findElement(By.tagName("html"));
		driver.findElement(button).click();
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(oldPage));
	}

	private void signInOnConsentPage(String username) {
		driver.get(base() + "/");
		assertThat(text(By.id("simulation-banner"))).contains("simulated Pryv platform");
		assertThat(text(By.id("platform-name"))).isEqualTo("Pryv simulation (demo)");
		waitFor(By.id("sign-in"));
		clickToNewPage(By.id("sign-in"));
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/access/access.html"));
		assertThat(text(By.id("simulation-banner"))).contains("simulated");
		assertThat(text(By.id("requesting-app"))).isEqualTo("pryv-spring-sample");
		WebElement name = waitFor(By.id("username"));
		name.clear();
		name.sendKeys(username);
		screenshot("consent-page.png");
	}

	private static Path screenshot(String fileName) {
		Path file = Paths.get("target", fileName);
		try {
			Files.createDirectories(file.getParent());
			Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return file;
	}

	@Test
	void signInSeeDataAddAnEventUploadAFileAndSignOut(@TempDir Path files) throws IOException {
		signInOnConsentPage("alice-demo");
		clickToNewPage(By.id("accept"));

		assertThat(text(By.id("username"))).isEqualTo("alice-demo");
		assertThat(driver.getCurrentUrl()).isEqualTo(base() + "/");
		List<WebElement> rows = driver.findElements(By.cssSelector("#events tbody tr"));
		assertThat(rows).hasSize(20);
		assertThat(text(By.id("streams"))).contains("Heart", "Heart rate", "Body", "Weight", "Diary");
		assertThat(driver.getPageSource()).doesNotContain("prYv");
		Path screenshot = screenshot("signed-in.png");
		System.out.println("Browser test saw: user " + text(By.id("username")) + ", " + rows.size()
				+ " event rows, first row: " + rows.get(0).getText() + "; screenshot " + screenshot.toAbsolutePath());

		new Select(driver.findElement(By.id("event-stream"))).selectByValue("diary");
		driver.findElement(By.id("event-note")).sendKeys("Written by the browser test");
		clickToNewPage(By.id("add-event"));
		assertThat(text(By.id("info"))).isEqualTo("Event added (note/txt).");
		assertThat(text(By.cssSelector("#events tbody tr:first-child"))).contains("Written by the browser test",
				"note/txt", "diary");

		Path upload = files.resolve("browser-upload.txt");
		Files.writeString(upload, "uploaded through the sample app");
		new Select(driver.findElement(By.id("upload-stream"))).selectByValue("diary");
		driver.findElement(By.id("upload-file")).sendKeys(upload.toAbsolutePath().toString());
		clickToNewPage(By.id("upload"));
		assertThat(text(By.id("info"))).isEqualTo("File browser-upload.txt uploaded.");
		WebElement link = waitFor(By.linkText("browser-upload.txt"));
		String downloaded = fetch(link.getAttribute("href"));
		assertThat(downloaded).isEqualTo("uploaded through the sample app");

		String ndjson = fetch(driver.findElement(By.id("download-ndjson")).getAttribute("href"));
		String[] lines = ndjson.strip().split("\n");
		assertThat(lines.length).isGreaterThanOrEqualTo(34);
		assertThat(ndjson).contains("Written by the browser test", "browser-upload.txt").doesNotContain("readToken");

		driver.findElement(By.id("revoke")).click();
		clickToNewPage(By.id("sign-out"));
		assertThat(text(By.id("info"))).contains("signed out", "revoked");
		assertThat(waitFor(By.id("sign-in")).isDisplayed()).isTrue();
		assertThat(fetchStatus(base() + "/api/streams")).isEqualTo(401);
	}

	@Test
	void aValueAddedInAnotherSessionAppearsInTheTableAndTheChartWithoutAReload() throws IOException {
		signInOnConsentPage("hana-live");
		clickToNewPage(By.id("accept"));
		assertThat(text(By.id("username"))).isEqualTo("hana-live");
		WebDriverWait live = new WebDriverWait(driver, Duration.ofSeconds(30));
		live.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // rows are redrawn as changes come
		live.until((browser) -> "true".equals(browser.findElement(By.id("live")).getAttribute("data-ready")));
		live.until((browser) -> chartHas("frequency/bpm", null));
		assertThat(text(By.id("live-status"))).startsWith("Live");
		WebElement page = driver.findElement(By.tagName("html"));

		// a second session of the same user adds a heart rate
		HttpBrowser other = LiveChangesTest.signedIn("http://127.0.0.1:" + this.port, "hana-live");
		assertThat(other.postJson("http://127.0.0.1:" + this.port + "/api/events",
				"{\"streamId\":\"heart-rate\",\"value\":187,\"type\":\"frequency/bpm\"}",
				other.csrfToken("http://127.0.0.1:" + this.port)).statusCode()).isEqualTo(201);

		live.until((browser) -> browser.findElement(By.cssSelector("#events tbody tr:first-child")).getText()
			.contains("187.0 bpm"));
		live.until((browser) -> chartHas("frequency/bpm", 187.0));
		assertThat(ExpectedConditions.stalenessOf(page).apply(driver)).as("the page was not reloaded").isFalse();
		assertThat(driver.getCurrentUrl()).isEqualTo(base() + "/");

		WebElement chart = driver.findElement(By.id("live"));
		Path file = Paths.get("target", "live-chart.png");
		Files.createDirectories(file.getParent());
		Files.copy(chart.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
		System.out.println("Browser test: the chart has the new value; screenshot " + file.toAbsolutePath());
	}

	/**
	 * Whether the page's uPlot chart has a series of that type holding the value
	 * ({@code null}: any value), as uPlot draws it.
	 */
	private static boolean chartHas(String type, Double value) {
		Object found = ((JavascriptExecutor) driver).executeScript(
				"var c = window.pryvLiveChart; if (!c) return false;"
						+ "for (var i = 1; i < c.series.length; i++) {"
						+ "  if (c.series[i].label !== arguments[0]) continue;"
						+ "  var values = c.data[i].filter(function (v) { return v !== null; });"
						+ "  return arguments[1] === null ? values.length > 0 : values.indexOf(arguments[1]) >= 0;"
						+ "} return false;",
				type, value);
		return Boolean.TRUE.equals(found);
	}

	@Test
	void refusingOnTheConsentPageShowsAClearMessage() {
		signInOnConsentPage("bob-demo");
		clickToNewPage(By.id("refuse"));
		assertThat(text(By.id("error"))).contains("You refused to give this app access");
		assertThat(driver.getCurrentUrl()).isEqualTo(base() + "/");
		assertThat(driver.findElements(By.id("username"))).isEmpty();
	}

	@Test
	void popupVariantSignsInWhileThePageWaits() {
		driver.get(base() + "/");
		String page = driver.getWindowHandle();
		waitFor(By.id("sign-in-popup")).click();
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.numberOfWindowsToBe(2));
		String popup = driver.getWindowHandles().stream().filter((handle) -> !handle.equals(page)).findFirst().orElseThrow();
		driver.switchTo().window(popup);
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/access/access.html"));
		WebElement name = waitFor(By.id("username"));
		name.clear();
		name.sendKeys("erin-demo");
		driver.findElement(By.id("accept")).click();
		driver.switchTo().window(page);
		assertThat(text(By.id("username"))).isEqualTo("erin-demo");
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.numberOfWindowsToBe(1));
	}

	/** Fetch a URL from the page (same cookies), as text. */
	private static String fetch(String url) {
		Object text = ((JavascriptExecutor) driver).executeAsyncScript(
				"const done = arguments[arguments.length - 1];"
						+ "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('ERROR ' + e));",
				url);
		return String.valueOf(text);
	}

	private static long fetchStatus(String url) {
		Object status = ((JavascriptExecutor) driver).executeAsyncScript(
				"const done = arguments[arguments.length - 1];"
						+ "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), e => done(-1));",
				url);
		return ((Number) status).longValue();
	}

}
