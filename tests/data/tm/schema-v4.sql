-- A TM as schema v4 wrote it, with language keys as earlier releases
-- could store them (not canonical: "en-us", "fa-ir", "FA-IR", "iw"): the
-- v4 -> v5 migration test opens it. Made by newsloc at main 2ac15dd
-- (tm import of three units), then .schema without FTS5 shadow tables
-- and the rows, keys edited; the word indexes are rebuilt from the rows.
-- After the migration source 3 is source 1 ("en-us" is en-US), and
-- targets 1 and 4 are one: the newer (4) stays, with the contexts of both.
CREATE TABLE nl_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)   WITHOUT ROWID;
CREATE TABLE source(  id INTEGER PRIMARY KEY, lang TEXT NOT NULL, text TEXT NOT NULL,  markup TEXT, hash INTEGER NOT NULL, key TEXT NOT NULL,  key_hash INTEGER NOT NULL, words TEXT NOT NULL);
CREATE TABLE target(  id INTEGER PRIMARY KEY,  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,  lang TEXT NOT NULL, text TEXT NOT NULL, markup TEXT,  status INTEGER NOT NULL, translator TEXT, service TEXT,  created INTEGER NOT NULL, changed INTEGER NOT NULL, meta TEXT);
CREATE TABLE context(  id INTEGER PRIMARY KEY,  target_id INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,  prev_hash INTEGER NOT NULL, next_hash INTEGER NOT NULL,  article_id TEXT NOT NULL, unit_id TEXT NOT NULL,  changed INTEGER NOT NULL);
CREATE UNIQUE INDEX context_identity ON context(target_id, prev_hash,  next_hash, article_id, unit_id);
CREATE INDEX context_unit ON context(article_id, unit_id)  WHERE article_id <> '';
CREATE TRIGGER target_ad AFTER DELETE ON target BEGIN  INSERT INTO target_fts(target_fts, rowid, text)  VALUES ('delete', old.id, old.text); END;
CREATE INDEX target_source ON target(source_id);
CREATE VIEW source_words(id, words) AS SELECT id, CASE WHEN words = '' THEN key ELSE words END  FROM source;
CREATE TRIGGER source_ad AFTER DELETE ON source BEGIN  INSERT INTO source_fts(source_fts, rowid, words)  VALUES ('delete', old.id, CASE WHEN old.words = '' THEN old.key ELSE old.words END); END;
CREATE INDEX source_key ON source(key_hash);
CREATE VIRTUAL TABLE source_fts USING fts5(words, content='source_words',  content_rowid='id', tokenize='ascii', detail=none, columnsize=0);
CREATE VIRTUAL TABLE target_fts USING fts5(text, content='target',  content_rowid='id', tokenize='ascii', detail=none, columnsize=0);
INSERT INTO nl_meta VALUES ('magic', 'newsloc-tm');
INSERT INTO nl_meta VALUES ('schema', '4');
INSERT INTO source VALUES(1,'en-US','The talks ended on Friday.',NULL,6917077121474914556,'the talks ended on friday',7952361447685043756,'');
INSERT INTO source VALUES(2,'EN-us','The minister met reporters in Kabul on Tuesday.',NULL,2145672327047865021,'the minister met reporters in kabul on tuesday',6009514673088352487,'');
INSERT INTO source VALUES(3,'en-us','The talks ended on Friday.',NULL,6917077121474914556,'the talks ended on friday',7952361447685043756,'');
INSERT INTO target VALUES(1,1,'fa-ir','گفتگوها روز جمعه پایان یافت.',NULL,1,NULL,NULL,1796290682,1796290682,NULL);
INSERT INTO target VALUES(2,2,'fa','وزیر روز سه‌شنبه در کابل با خبرنگاران دیدار کرد.',NULL,1,NULL,NULL,1796290682,1796290682,NULL);
INSERT INTO target VALUES(3,3,'iw','השיחות הסתיימו ביום שישי.',NULL,1,NULL,NULL,1796290682,1796290682,NULL);
INSERT INTO target VALUES(4,3,'FA-IR','گفتگوها روز جمعه پایان یافت.',NULL,2,'mina',NULL,1796290682,1796299999,NULL);
INSERT INTO context VALUES(1,4,11,12,'art-1','u1',1796299999);
INSERT INTO context VALUES(2,1,21,22,'art-0','u7',1796290682);
INSERT INTO source_fts(source_fts) VALUES ('rebuild');
INSERT INTO target_fts(target_fts) VALUES ('rebuild');
PRAGMA user_version = 4;
