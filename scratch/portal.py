import xmlrpc.client, re
url='http://127.0.0.1:8069'; db='odoo'
c=xmlrpc.client.ServerProxy(url+'/xmlrpc/2/common'); o=xmlrpc.client.ServerProxy(url+'/xmlrpc/2/object', allow_none=True)
uid=c.authenticate(db,'admin','admin',{})
def x(model,method,args,kw=None):
    try: return o.execute_kw(db,uid,'admin',model,method,args,kw or {})
    except xmlrpc.client.Fault as f: return ('FAULT', f.faultCode, f.faultString[-300:])
p=x('res.partner','create',[{'name':'Portal Guy','email':'Portal.Guy@Example.com'}])
act=x('portal.wizard','action_open_wizard',[],{'context':{'active_ids':[p],'active_model':'res.partner'}})
print(act)
wiz=act['res_id']
lines=x('portal.wizard','read',[[wiz],['user_ids','partner_ids']])
print(lines)
line=lines[0]['user_ids'][0]
print(x('portal.wizard.user','read',[[line],['partner_id','email','email_state','is_portal','is_internal','user_id']]))
print(x('portal.wizard.user','action_grant_access',[[line]]))
print(x('portal.wizard.user','read',[[line],['email_state','is_portal','user_id','login_date']]))
mails=x('mail.mail','search_read',[[['model','=','portal.wizard.user']],['subject','email_to','email_from','state','body_html','template_xmlid']])
print(mails[0]['subject'], mails[0]['email_to'], mails[0]['email_from'], mails[0]['state'])
print(re.findall(r'href="([^"]*signup[^"]*)"', mails[0]['body_html']))
print(x('mail.message','search_read',[[['model','=','res.partner'],['res_id','=',p]],['body','subtype_id']]))
print(x('portal.wizard.user','action_grant_access',[[line]]))
print(x('portal.wizard.user','action_revoke_access',[[line]]))
print(x('res.users','search_read',[[['login','=','portal.guy@example.com']],['active','groups_id','share']],{'context':{'active_test':False}}))
print(x('portal.wizard.user','action_revoke_access',[[line]]))
