package io.pryv.sample.demo;

/** The sign-in button style the simulated platform publishes in its assets (as Pryv platforms do). */
final class SignInButtonCss {

	static final String CSS = """
			.pryv-access-btn{display:inline-flex;align-items:center;gap:.5rem;background:#bd1026;color:#fff;\
			border:0;border-radius:4px;padding:.7rem 1.2rem;font-size:1rem;font-weight:600;cursor:pointer}
			.pryv-access-btn:hover{background:#97081c}
			.pryv-access-btn::before{content:"P";display:inline-block;width:1.4rem;height:1.4rem;border-radius:50%;\
			background:#fff;color:#bd1026;text-align:center;line-height:1.4rem;font-weight:800}
			""";

	private SignInButtonCss() {
	}

}
