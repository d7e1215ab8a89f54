-- A TM as schema v2 wrote it (bulk FTS indexing, key-hash identity, no
-- meta column; nl_meta schema 2, user_version 2): the v2 -> v3 migration
-- test opens it. Made by newsloc at main 40d569e from tests/data/tmx/basic.tmx
-- (tm import), then .schema without FTS5 shadow tables and the rows;
-- the word indexes are rebuilt from the rows.
CREATE TABLE nl_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)   WITHOUT ROWID;
CREATE TABLE source(  id INTEGER PRIMARY KEY, lang TEXT NOT NULL, text TEXT NOT NULL,  markup TEXT, hash INTEGER NOT NULL, key TEXT NOT NULL,  key_hash INTEGER NOT NULL, words TEXT NOT NULL);
CREATE INDEX source_key ON source(lang, key_hash);
CREATE TABLE target(  id INTEGER PRIMARY KEY,  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,  lang TEXT NOT NULL, text TEXT NOT NULL, markup TEXT,  status INTEGER NOT NULL, translator TEXT, service TEXT,  created INTEGER NOT NULL, changed INTEGER NOT NULL);
CREATE TABLE context(  id INTEGER PRIMARY KEY,  target_id INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,  prev_hash INTEGER NOT NULL, next_hash INTEGER NOT NULL,  article_id TEXT NOT NULL, unit_id TEXT NOT NULL,  changed INTEGER NOT NULL);
CREATE UNIQUE INDEX context_identity ON context(target_id, prev_hash,  next_hash, article_id, unit_id);
CREATE INDEX context_unit ON context(article_id, unit_id)  WHERE article_id <> '';
CREATE VIRTUAL TABLE target_fts USING fts5(text, content='target',  content_rowid='id', tokenize='ascii');
CREATE TRIGGER target_ad AFTER DELETE ON target BEGIN  INSERT INTO target_fts(target_fts, rowid, text)  VALUES ('delete', old.id, old.text); END;
CREATE INDEX target_source ON target(source_id);
CREATE VIEW source_words(id, words) AS SELECT id, CASE WHEN words = '' THEN key ELSE words END  FROM source;
CREATE VIRTUAL TABLE source_fts USING fts5(words, content='source_words',  content_rowid='id', tokenize='ascii');
CREATE TRIGGER source_ad AFTER DELETE ON source BEGIN  INSERT INTO source_fts(source_fts, rowid, words)  VALUES ('delete', old.id, CASE WHEN old.words = '' THEN old.key ELSE old.words END); END;
INSERT INTO nl_meta VALUES ('magic', 'newsloc-tm');
INSERT INTO source VALUES(1,'en-US','The president spoke today.','The president <pc id="1" type="fmt" subType="tmx:bold" dispStart="&lt;b&gt;" dispEnd="&lt;/b&gt;">spoke</pc> today.',7989207065160303855,'the president spoke today',8378245463595828671,'');
INSERT INTO source VALUES(2,'en-US','Press  now.','Press <ph id="x1" disp="{Enter}"/> now<sc id="it2" isolated="yes" disp="&lt;i&gt;"/>.',3461555978051369702,'press now',5528464494869399485,'');
INSERT INTO source VALUES(3,'en-US','He said little.',NULL,3730997222406310733,'he said little',3904190409871536086,'');
INSERT INTO target VALUES(1,1,'fr-FR','Le président a parlé aujourd''hui.','Le président <pc id="1" type="fmt" subType="tmx:bold" dispStart="&lt;b&gt;" dispEnd="&lt;/b&gt;">a parlé</pc> aujourd''hui.',1,'claire',NULL,1709288100,1709288100);
INSERT INTO target VALUES(2,1,'fa','رئیس‌جمهور امروز سخنرانی کرد.','رئیس‌جمهور امروز <pc id="1" type="fmt" subType="tmx:bold" dispStart="&lt;b&gt;" dispEnd="&lt;/b&gt;">سخنرانی کرد</pc>.',1,'bob',NULL,1709288100,1709288100);
INSERT INTO target VALUES(3,2,'de','Jetzt  drücken.','Jetzt <ph id="x1" disp="{Enter}"/> drücken<sc id="it2" isolated="yes" disp="&lt;i&gt;"/>.',1,NULL,NULL,1795603505,1795603505);
INSERT INTO target VALUES(4,3,'fa','او کم گفت.',NULL,2,'dara','persian',1704153600,1704153600);
INSERT INTO context VALUES(1,4,7989207065160303855,0,'voa-123','',1704153600);
INSERT INTO source_fts(source_fts) VALUES ('rebuild');
INSERT INTO target_fts(target_fts) VALUES ('rebuild');
INSERT INTO source_fts(source_fts, rank) VALUES ('hashsize', 33554432);
INSERT INTO target_fts(target_fts, rank) VALUES ('hashsize', 33554432);
INSERT INTO nl_meta VALUES ('schema', '2');
PRAGMA user_version = 2;
