package io.progressivetrust.policy;

import java.util.List;

/** A verdict and the notices it triggered. */
public record Judgement(Verdict verdict, List<Notice> notices) { }
