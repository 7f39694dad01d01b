package com.gahorouter.console.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven
 * like a person would: controls are found by their label or their accessible name, never
 * by CSS classes, and every wait is bounded. All calls run on the test's thread (never on
 * a Reactor thread).
 */
final class Browser implements AutoCloseable {

	/**
	 * Debian's paths; {@code -Dconsole.chromium=…} and {@code -Dconsole.chromedriver=…}
	 * point elsewhere.
	 */
	static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
	static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
	static final String MISSING = "Browser tests skipped: no Chromium at " + CHROMIUM + " or no driver at "
			+ CHROMEDRIVER + "; install them with `apt-get install -y chromium chromium-driver`";

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final ChromeDriver driver;

	private final String baseUrl;

	private Browser(ChromeDriver driver, String baseUrl) {
		this.driver = driver;
		this.baseUrl = baseUrl;
	}

	static boolean installed() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	/**
	 * Stands in for Cloudflare's widget script (api.js): the same global
	 * {@code turnstile.render(container,
	 * options)} and {@code reset(id)}, rendering a visible box and handing the page
	 * {@code token} as a solved challenge would. Installed before any page script runs,
	 * so the page never loads Cloudflare's.
	 */
	private static final String TURNSTILE_STAND_IN = """
			window.turnstile = {
			  render(container, options) {
			    const box = document.createElement('div');
			    box.className = 'turnstile-stand-in';
			    box.textContent = 'Human verification (test stand-in): passed';
			    container.append(box);
			    setTimeout(() => options.callback(%s), 0);
			    return 'stand-in';
			  },
			  reset(id) {},
			};
			""";

	/** A browser whose Turnstile widget always passes with {@code turnstileToken}. */
	static Browser start(String baseUrl, String turnstileToken) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,1100", "--lang=en-US", "--hide-scrollbars",
				// A second window keeps reading its event stream while the first one is
				// driven.
				"--disable-background-timer-throttling", "--disable-renderer-backgrounding",
				"--disable-backgrounding-occluded-windows");
		// The page's console (CSP violations, script errors) is read back by
		// consoleErrors().
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
				Map.of("source", TURNSTILE_STAND_IN.formatted("'" + turnstileToken + "'")));
		return new Browser(driver, baseUrl);
	}

	WebDriver driver() {
		return driver;
	}

	/** Opens a console path in the current window. */
	Browser open(String path) {
		driver.get(baseUrl + path);
		return this;
	}

	/**
	 * Opens a new window (its own sessionStorage: signed out) and switches to it; returns
	 * the old one's handle.
	 */
	String openWindow() {
		String previous = driver.getWindowHandle();
		driver.switchTo().newWindow(WindowType.WINDOW);
		return previous;
	}

	void switchTo(String handle) {
		driver.switchTo().window(handle);
	}

	/** Signs in through the sign-in page and waits for the signed-in navigation. */
	Browser signIn(String email, String password) {
		open("/sign-in");
		field("Email").sendKeys(email);
		field("Password").sendKeys(password);
		button("Sign in").click();
		waitUntil(d -> !d.findElements(By.xpath("//button[normalize-space(.)='Sign out']")).isEmpty());
		return this;
	}

	/** Clears this window's session so the next test starts signed out. */
	void signOutQuietly() {
		if (driver.getCurrentUrl().startsWith(baseUrl)) {
			((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
		}
	}

	/**
	 * The control whose label's text is exactly {@code label} (label/for), visible on the
	 * page.
	 */
	WebElement field(String label) {
		return fieldWhere("normalize-space(.)=" + literal(label), label);
	}

	/** The control whose label's text starts with {@code prefix}. */
	WebElement fieldStartingWith(String prefix) {
		return fieldWhere("starts-with(normalize-space(.), " + literal(prefix) + ")", prefix);
	}

	private WebElement fieldWhere(String condition, String name) {
		return waitUntil(d -> {
			for (WebElement label : scope().findElements(By.xpath(".//label[" + condition + "]"))) {
				String id = label.getAttribute("for");
				if (label.isDisplayed() && id != null) {
					WebElement control = d.findElement(By.id(id));
					assertThat(control.getAccessibleName()).as("accessible name of the field labelled " + name)
						.startsWith(name);
					return control;
				}
			}
			return null;
		});
	}

	/**
	 * The visible button whose accessible name is exactly {@code name} (its text or its
	 * aria-label).
	 */
	WebElement button(String name) {
		return waitUntil(d -> {
			for (WebElement button : scope().findElements(By
				.xpath(".//button[normalize-space(.)=" + literal(name) + " or @aria-label=" + literal(name) + "]"))) {
				if (button.isDisplayed()) {
					assertThat(button.getAccessibleName()).as("accessible name of button " + name).isEqualTo(name);
					return button;
				}
			}
			return null;
		});
	}

	/** Whether a visible button named {@code name} is on the page now (no waiting). */
	boolean hasButton(String name) {
		return scope()
			.findElements(By
				.xpath(".//button[normalize-space(.)=" + literal(name) + " or @aria-label=" + literal(name) + "]"))
			.stream()
			.anyMatch(WebElement::isDisplayed);
	}

	WebElement link(String text) {
		return waitUntil(d -> d.findElements(By.linkText(text))
			.stream()
			.filter(WebElement::isDisplayed)
			.findFirst()
			.orElse(null));
	}

	/** The navigation link {@code name}, clicked; waits for the page's heading. */
	Browser navigate(String name) {
		WebElement nav = waitUntil(d -> d.findElement(By.xpath("//nav")));
		nav.findElement(By.linkText(name)).click();
		waitUntil(d -> d.findElements(By.xpath("//main//h1[normalize-space(.)=" + literal(name) + "]")).size() == 1);
		return this;
	}

	void select(WebElement select, String visibleTextPrefix) {
		Select choice = new Select(select);
		for (WebElement option : choice.getOptions()) {
			if (option.getText().startsWith(visibleTextPrefix)) {
				choice.selectByVisibleText(option.getText());
				return;
			}
		}
		throw new AssertionError("No option starting with " + visibleTextPrefix);
	}

	/**
	 * The value shown for a term of a definition list (the Tenant Information card): dt
	 * text → its dd.
	 */
	WebElement definition(String term) {
		return waitUntil(
				d -> d.findElements(By.xpath("//dt[normalize-space(.)=" + literal(term) + "]/following-sibling::dd[1]"))
					.stream()
					.findFirst()
					.orElse(null));
	}

	/** Opens the disclosure ({@code <details>}) whose summary reads {@code summary}. */
	void disclose(String summary) {
		WebElement details = waitUntil(
				d -> scope().findElements(By.xpath(".//details[summary[normalize-space(.)=" + literal(summary) + "]]"))
					.stream()
					.filter(WebElement::isDisplayed)
					.findFirst()
					.orElse(null));
		if (details.getAttribute("open") == null) {
			details.findElement(By.tagName("summary")).click();
		}
	}

	/**
	 * Waits for the error shown beside a field (the control's {@code aria-describedby}
	 * slot) and returns its text.
	 */
	String fieldError(WebElement control) {
		return waitUntil(d -> {
			String text = d.findElement(By.id(control.getAttribute("id") + "-error")).getText();
			return text.isBlank() ? null : text;
		});
	}

	/** Replaces a field's text as typing would. */
	void retype(WebElement control, String text) {
		control.clear();
		control.sendKeys(text);
	}

	/**
	 * Sets a control whose native widget has no typing order that works in every locale
	 * (a {@code datetime-local} input), then fires the events typing would.
	 */
	void setValue(WebElement control, String value) {
		((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
				+ "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
				+ "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", control, value);
	}

	/** Saves Chromium's downloads in {@code directory} without asking. */
	void downloadsTo(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		driver.executeCdpCommand("Browser.setDownloadBehavior",
				Map.of("behavior", "allow", "downloadPath", directory.toAbsolutePath().toString()));
	}

	/** Closes the current window and switches to {@code handle}. */
	void closeWindow(String handle) {
		driver.close();
		driver.switchTo().window(handle);
	}

	/** The text of the open dialog, or the page's main area. */
	String text() {
		return scope().getText();
	}

	/** Waits until the page (or open dialog) shows {@code text}. */
	void waitForText(String text) {
		waitUntil(d -> scope().getText().contains(text));
	}

	/** The table row (of the open dialog or the page) that mentions {@code text}. */
	WebElement row(String text) {
		return waitUntil(
				d -> scope().findElements(By.xpath(".//tr[td[contains(normalize-space(.), " + literal(text) + ")]]"))
					.stream()
					.findFirst()
					.orElse(null));
	}

	/**
	 * The text of each body row of the table whose accessible name is {@code label}, in
	 * the page's order (none while the table is not there).
	 */
	List<String> rows(String label) {
		return driver.findElements(By.xpath("//table[@aria-label=" + literal(label) + "]/tbody/tr"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	/**
	 * Waits for the page's confirmation question ({@code window.confirm}), answers OK and
	 * returns the question.
	 */
	String confirm() {
		Alert alert = waitUntil(ExpectedConditions.alertIsPresent());
		String question = alert.getText();
		alert.accept();
		return question;
	}

	/**
	 * The open modal dialog, else the page's main area: where a person's attention is.
	 */
	private WebElement scope() {
		List<WebElement> dialogs = driver.findElements(By.cssSelector("dialog[open]"));
		return dialogs.isEmpty() ? driver.findElement(By.tagName("body")) : dialogs.get(dialogs.size() - 1);
	}

	<T> T waitUntil(Function<WebDriver, T> condition) {
		return new WebDriverWait(driver, TIMEOUT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until(condition);
	}

	/**
	 * The errors the page logged since the last call: script errors,
	 * Content-Security-Policy violations and failed requests (every endpoint the console
	 * calls exists, so none is left out).
	 */
	List<String> consoleErrors() {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

	/** A PNG of the window, written to {@code file}. */
	void screenshot(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** An XPath string literal for any text (concat() when it holds both quote kinds). */
	static String literal(String text) {
		if (!text.contains("'")) {
			return "'" + text + "'";
		}
		if (!text.contains("\"")) {
			return "\"" + text + "\"";
		}
		return "concat('" + text.replace("'", "', \"'\", '") + "')";
	}

	@Override
	public void close() {
		driver.quit();
	}

}
