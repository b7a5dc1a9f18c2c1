-- Health reminders go through notify (docs/notify.md): each utility's reminder
-- robot URL becomes a robot of that utility, routed the health events, and the
-- health setting that held it is dropped. The kind follows the URL's service
-- (a robot without its signing secret sends as before until one is added).
INSERT INTO notify_robots (org_id, org_path, kind, name, url, created_at, updated_at)
SELECT h.utility_id, o.path,
       CASE WHEN h.reminder_webhook LIKE 'https://oapi.dingtalk.com/%' THEN 'dingtalk'
            WHEN h.reminder_webhook LIKE 'https://qyapi.weixin.qq.com/%' THEN 'wecom'
            WHEN h.reminder_webhook LIKE 'https://open.feishu.cn/%' THEN 'feishu'
            ELSE 'webhook' END,
       '健康打卡提醒', h.reminder_webhook, {{now_ms}}, {{now_ms}}
FROM health_settings h JOIN orgs o ON o.id = h.utility_id
WHERE h.reminder_webhook IS NOT NULL AND h.reminder_webhook <> '';

INSERT INTO notify_rules (robot_id, org_id, org_path, event, min_priority, mention)
SELECT id, org_id, org_path, 'health.*', 'low', 0 FROM notify_robots;

ALTER TABLE health_settings DROP COLUMN reminder_webhook;
