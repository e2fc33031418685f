"""Text features that work for Chinese and English alike.

Chinese has no spaces, so words are approximated by character n-grams inside
runs of CJK characters; English runs become lower-cased, lightly stemmed words.
Both live in one sparse vocabulary, so a mixed title such as "CNC操作工" is one
vector. Bridging English to Chinese is done before this step (``Glossary``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9+#.\-]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Recruiting boilerplate that says nothing about the work itself.
NOISE_ZH = (
    "包吃住",
    "包住宿",
    "包吃",
    "包住",
    "住宿",
    "五险一金",
    "六险一金",
    "五险",
    "社保",
    "不加班",
    "少加班",
    "双休",
    "单休",
    "周末双休",
    "高薪",
    "急招",
    "急聘",
    "诚聘",
    "招聘",
    "直招",
    "长期",
    "包吃包住",
    "提成",
    "底薪",
    "月薪",
    "年薪",
    "日结",
    "周结",
    "无经验",
    "可无经验",
    "经验不限",
    "学历不限",
    "可培训",
    "带薪培训",
    "轻松",
    "稳定",
    "正式工",
    "兼职",
    "全职",
    "小时工",
    "临时工",
    "上万",
    "过万",
    "加班费",
    "有补贴",
    "补贴",
    "年终奖",
    "奖金",
    "包就业",
    "朝九晚五",
    "不限男女",
    "男女不限",
    "多名",
    "若干",
    "急缺",
    "高提成",
    "入职即缴",
    "节假日",
    "带薪年假",
)
NOISE_EN = frozenset(
    {
        "urgent",
        "urgently",
        "hiring",
        "wanted",
        "needed",
        "immediate",
        "start",
        "full",
        "part",
        "time",
        "full-time",
        "part-time",
        "no",
        "experience",
        "required",
        "accommodation",
        "housing",
        "provided",
        "free",
        "meals",
        "bonus",
        "commission",
        "salary",
        "overtime",
        "weekends",
        "off",
        "good",
        "pay",
        "high",
        "competitive",
        "benefits",
        "insurance",
        "shift",
        "day",
        "night",
        "with",
        "and",
        "or",
        "the",
        "a",
        "an",
        "of",
        "for",
        "in",
        "to",
        "at",
        "on",
        "we",
        "are",
        "is",
        "job",
        "position",
        "vacancy",
        "opening",
        "i",
        "my",
        "me",
        "can",
        "have",
        "has",
        "am",
        "years",
        "year",
        "do",
        "did",
        "work",
        "worked",
        "working",
        "as",
        "use",
        "using",
        "used",
        "some",
        "also",
        "from",
        "by",
        "it",
        "this",
        "that",
        "be",
        "was",
        "were",
        "will",
        "our",
        "you",
        "your",
    }
)
_NOISE_ZH_RE = re.compile("|".join(sorted(map(re.escape, NOISE_ZH), key=len, reverse=True)))


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), lower case, collapse whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def strip_noise(text: str) -> str:
    """Remove recruiting boilerplate (perks, urgency) so a title keeps its job."""
    text = _NOISE_ZH_RE.sub(" ", normalize(text))
    words = [w for w in re.split(r"(\s+)", text) if w.strip() not in NOISE_EN]
    return " ".join("".join(words).split())


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def stem_en(word: str) -> str:
    """A deliberately small stemmer: plural and verb endings, enough for titles."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ers", "er"), ("ed", ""), ("es", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str, ngram: tuple[int, int] = (1, 3), stop_en: bool = True) -> list[str]:
    """CJK runs to character n-grams; Latin runs to stemmed words (``w:`` prefix)."""
    out: list[str] = []
    lo, hi = ngram
    for run in _RUN.findall(normalize(text)):
        if _CJK.match(run):
            n_chars = len(run)
            for n in range(lo, hi + 1):
                out.extend(run[i : i + n] for i in range(n_chars - n + 1))
        else:
            word = run.strip(".-")
            if not word or (stop_en and word in NOISE_EN):
                continue
            out.append("w:" + stem_en(word))
    return out


class CharTokenizer:
    """Picklable analyzer for scikit-learn vectorizers."""

    def __init__(self, ngram: tuple[int, int] = (1, 3)) -> None:
        self.ngram = ngram

    def __call__(self, text: str) -> list[str]:
        return tokens(text, self.ngram)


def char_tfidf(ngram: tuple[int, int] = (1, 3), sublinear_tf: bool = True) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=CharTokenizer(ngram),
        sublinear_tf=sublinear_tf,
        dtype=np.float32,
        lowercase=False,
    )


def cosine_rows(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Dense cosine matrix between L2-normalised sparse rows."""
    out = a @ b.T
    dense = out.toarray() if sp.issparse(out) else np.asarray(out)
    return np.asarray(dense, dtype=np.float32)


class BM25:
    """Okapi BM25 over a sparse term-count matrix (documents x terms)."""

    def __init__(self, k1: float = 1.2, b: float = 0.75, ngram: tuple[int, int] = (2, 2)) -> None:
        self.k1 = k1
        self.b = b
        self.ngram = ngram

    def fit(self, docs: Sequence[str]) -> BM25:
        from sklearn.feature_extraction.text import CountVectorizer

        self.vectorizer_ = CountVectorizer(analyzer=CharTokenizer(self.ngram), lowercase=False)
        tf = sp.csr_matrix(self.vectorizer_.fit_transform(docs), dtype=np.float32)
        n_docs = tf.shape[0]
        df = np.bincount(tf.indices, minlength=tf.shape[1])
        self.idf_ = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        avg = float(lengths.mean()) if n_docs else 1.0
        norm = self.k1 * (1 - self.b + self.b * lengths / max(avg, 1e-9))
        rows = np.repeat(np.arange(n_docs), np.diff(tf.indptr))
        data = tf.data * (self.k1 + 1) / (tf.data + norm[rows])
        weighted = sp.csr_matrix((data, tf.indices, tf.indptr), shape=tf.shape)
        self.doc_term_ = sp.csr_matrix(weighted.multiply(self.idf_[None, :]))
        return self

    def score(self, queries: Iterable[str]) -> np.ndarray:
        q = sp.csr_matrix(self.vectorizer_.transform(list(queries)), dtype=np.float32)
        q.data[:] = 1.0
        out = q @ self.doc_term_.T
        return np.asarray(out.toarray(), dtype=np.float32)
