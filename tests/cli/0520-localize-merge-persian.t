`merge --to persian` publishes the translator's file localized: Persian
letters, digits and marks, the dateline in the Solar Hijri calendar, the
acronym and the phone number isolated, the link kept.
%%ARGS
merge $DATA/e2e/article.xml $DATA/e2e/persian.xlf --to persian -o -
%%STDOUT-MATCH
xml:lang="fa-IR"
dir="rtl"
<hl1 id="hl1">سازمان ملل: کمک به ۲٬۳۰۰ خانواده می‌رسد</hl1>
<dateline id="dl1">ژنو، ۲۳ اسفند ۱۴۰۴</dateline>
<a href="https://www.example.org/un">دفتر ⁦U.N.⁩</a>، ناتو ۳۰۰ کامیون
<p id="p2">«ما آماده‌ایم»، جان اسمیت، سخنگو، این را گفت.</p>
⁦\+۱ ۲۰۲ ۵۵۵ ۰۱۰۰⁩
