<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountMenu</name>
    <message>
        <location filename="../../ui/accounts/account_menu.py" line="+29"/>
        <source>账户：</source>
        <translation>Account:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>锁定屏幕</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>注销</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>密码已修改</source>
        <translation>Password changed</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <location filename="../../ui/settings/accounts_tab.py" line="+28"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+60"/>
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <location line="-59"/>
        <source>重置密码…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>每位工作人员用自己的账户登录；角色决定能做什么，所属区域或部门决定能看到哪些记录。停用的账户不能登录，其历史记录保留。</source>
        <translation>Every staff member logs in with their own account; the role decides what they may do, the region or department which records they see. A disabled account cannot log in; its history is kept.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已锁定（至 {time}）</source>
        <translation>Locked (until {time})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正常，待修改密码</source>
        <translation>Active, must change password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✔ 已新建账户，首次登录时须修改密码</source>
        <translation>✔ Account created; the password must be changed at the first login</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✔ 已重置“{login}”的密码</source>
        <translation>✔ Password of “{login}” reset</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>✔ 已停用“{login}”</source>
        <translation>✔ “{login}” disabled</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>✔ 已启用“{login}”</source>
        <translation>✔ “{login}” enabled</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✔ 已解锁“{login}”</source>
        <translation>✔ “{login}” unlocked</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/cases/action_dialogs.py" line="+25"/>
        <source>作废原因</source>
        <translation>Reason for voiding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回退原因</source>
        <translation>Reason for returning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不通过原因</source>
        <translation>Reason for rejecting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>挂账原因</source>
        <translation>Reason for putting on hold</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延期理由</source>
        <translation>Reason for the extension</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置情况</source>
        <translation>What was done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>催办说明</source>
        <translation>Reminder note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>督办意见</source>
        <translation>Supervision remarks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上报说明</source>
        <translation>Escalation note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核实情况</source>
        <translation>Verification findings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>核查意见</source>
        <translation>Review remarks</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>恢复到挂账前的状态，时限继续计算</source>
        <translation>Returns to the status before the hold; the time limit runs again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>（时限暂停计算）</source>
        <translation> (time limit paused)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>状态不变</source>
        <translation>Status unchanged</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{action} — 案件 {no}</source>
        <translation>{action} — case {no}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>对案件 {no} 执行“{action}”</source>
        <translation>“{action}” case {no}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>输入部门名称搜索</source>
        <translation>Type a department name to search</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>处置部门</source>
        <translation>Handling department</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>按事件类别建议：{dept}</source>
        <translation>Suggested for this category: {dept}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>延长时限</source>
        <translation>Extend by</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>当前时限：{limit}</source>
        <translation>Current time limit: {limit}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>选填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>如 2工作日、4工作时</source>
        <translation>e.g. 2 working days, 4 working hours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>如 2天、12小时</source>
        <translation>e.g. 2 days, 12 hours</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>“{action}”必须填写{what}</source>
        <translation>“{action}” needs: {what}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>请选择处置部门</source>
        <translation>Choose a handling department</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>请填写延长的时限，</source>
        <translation>Enter the extension, </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>工作时/工作日</source>
        <translation>working hours/days</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>小时/天/分钟</source>
        <translation>hours/days/minutes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本案时限按{kind}计算，延期也应使用{kind}</source>
        <translation>This case&apos;s time limit counts in {kind}; extend it in {kind} too</translation>
    </message>
</context>
<context>
    <name>ActionFields</name>
    <message>
        <location filename="../../ui/mediation/action_fields.py" line="+30"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>调查对象</source>
        <translation>Interviewed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调查地点</source>
        <translation>Place of investigation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调查内容</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解地点</source>
        <translation>Place of mediation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>参加人</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本次结果</source>
        <translation>Outcome of this session</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解记录</source>
        <translation>Session record</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>协议内容（每行一条）</source>
        <translation>Terms (one per line)</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>履行义务</source>
        <translation>Obligations</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>履行方式</source>
        <translation>Manner of performance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>协议份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>受理法院</source>
        <translation>Court</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>确认结果</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>法院文书号</source>
        <translation>Court document no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>履行的义务</source>
        <translation>Obligation performed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>履行凭证</source>
        <translation>Evidence of performance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回访的义务</source>
        <translation>Obligation followed up</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当事人评价</source>
        <translation>Parties&apos; verdict</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回访情况</source>
        <translation>Follow-up findings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保管期限</source>
        <translation>Retention</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>升至层级</source>
        <translation>Escalate to level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解组织</source>
        <translation>Committee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>对接方式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接收单位</source>
        <translation>Receiving body</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>移交文号</source>
        <translation>Transfer no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>签收单位</source>
        <translation>Received by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接收文号</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延长期限（如 15天）</source>
        <translation>Extension (e.g. 15天)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同意延长的当事人</source>
        <translation>Parties consenting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>风险标记</source>
        <translation>Risk flags</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预警等级</source>
        <translation>Warning level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>卷宗材料</source>
        <translation>File item</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>材料名称</source>
        <translation>Document title</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
</context>
<context>
    <name>ActionForm</name>
    <message>
        <location filename="../../ui/mediation/action_form.py" line="+51"/>
        <source>{action}：{number}</source>
        <translation>{action}: {number}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{number} · {state} · {type}</source>
        <translation>{number} · {state} · {type}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>（不指定）</source>
        <translation>(not specified)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>确认有效</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>驳回申请</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未表态</source>
        <translation>No opinion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>不满意</source>
        <translation>Not satisfied</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>长期</source>
        <translation>Long-term</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>永久</source>
        <translation>Permanent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>短期</source>
        <translation>Short-term</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{c}色</source>
        <translation>{c}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>第{n}项：{what}</source>
        <translation>No. {n}: {what}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>操作失败：{m}</source>
        <translation>The action failed: {m}</translation>
    </message>
</context>
<context>
    <name>AlarmBoard</name>
    <message>
        <location filename="../../ui/wall/alarm_board.py" line="+44"/>
        <source>编号</source>
        <extracomment>one scroll step: how long a row stays before the board moves on column shares of the width: light, number, category, grid, department, time below this width (in body heights) a row takes two lines: number and time, then the rest</extracomment>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>处置部门</source>
        <translation>Handling department</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>当前没有红灯、黄灯案件</source>
        <translation>No red or yellow cases</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../../ui/dispatch/alerts.py" line="+116"/>
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>紧急案件到达：</source>
        <translation>Urgent case received: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>转为红灯：</source>
        <translation>Turned red: </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>色预警</source>
        <translation> warning</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>等共 {0} 起</source>
        <translation> and {0} in all</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>矛盾纠纷预警：</source>
        <translation>Dispute alert: </translation>
    </message>
    <message>
        <location line="+49"/>
        <source>等共 {0} 件</source>
        <translation> … {0} in all</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/app.py" line="+76"/>
        <source>--demo 与 --db 不能同时使用</source>
        <translation>--demo and --db cannot be used together</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开数据库…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>检查并迁移数据库…</source>
        <translation>Checking and migrating the database…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>生成演示辖区… {done}/{total}</source>
        <translation>Building the demo district… {done}/{total}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>读取配置…</source>
        <translation>Reading the configuration…</translation>
    </message>
    <message>
        <location line="+91"/>
        <location filename="../../ui/wall/launch.py" line="+52"/>
        <location line="+16"/>
        <source>错误：{message}</source>
        <translation>Error: {message}</translation>
    </message>
    <message>
        <location filename="../../ui/wall/launch.py" line="-7"/>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
</context>
<context>
    <name>AssessmentCharts</name>
    <message>
        <location filename="../../ui/reports/charts_view.py" line="+42"/>
        <source>综合得分排名</source>
        <translation>Composite score ranking</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>按期结案率</source>
        <translation>On-time close rate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结案率</source>
        <translation>Close rate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>返工率（由高到低）</source>
        <translation>Rework rate (highest first)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{level}共 {n} 个，参与评分 {scored} 个；每张图最多显示前 {most} 个</source>
        <translation>{level}: {n} in all, {scored} scored; each chart shows at most the first {most}</translation>
    </message>
</context>
<context>
    <name>AssessmentColumns</name>
    <message>
        <location filename="../../ui/reports/assessment_model.py" line="+26"/>
        <source>单位</source>
        <extracomment>the headings of app/assessment/columns.py marked for translation (the tool reads ui/ only)</extracomment>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>立案数</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>应结案数</source>
        <translation>Due to close</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结案数</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>按期结案数</source>
        <translation>Closed on time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结案率</source>
        <translation>Close rate</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>按期结案率</source>
        <translation>On-time close rate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置数</source>
        <translation>Handled</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>返工数</source>
        <translation>Reworked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>返工率</source>
        <translation>Rework rate</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>延期数</source>
        <translation>Extended</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延期率</source>
        <translation>Extension rate</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>黄牌</source>
        <translation>Yellow cards</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>红牌</source>
        <translation>Red cards</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>平均处置时长（工作时）</source>
        <translation>Avg. handling (working hours)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>综合得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
</context>
<context>
    <name>AssessmentTab</name>
    <message>
        <location filename="../../ui/settings/assessment_tab.py" line="+35"/>
        <source>立案数分值</source>
        <translation>Registered-count score</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结案率</source>
        <translation>Close rate</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>按期结案率</source>
        <translation>On-time close rate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1−返工率</source>
        <translation>1 − rework rate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>网格、社区、街道、网格员</source>
        <translation>Grids, communities, streets, grid workers</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>最低分</source>
        <translation>Lowest score</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存考核权重</source>
        <translation>Save assessment weights</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>填入默认值</source>
        <translation>Fill in defaults</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>等级划分</source>
        <translation>Grade bands</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>从高到低；综合得分达到最低分即为该等级，最后一级为 0 分。</source>
        <translation>Highest first; a score reaching the lowest score gets that grade; the last grade is 0.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>综合得分 = 各项得分（0–100）× 权重之和，权重合计须为 100%。立案数分值按立案数所在分档取值：立案数不超过某档上限即取该档分值，最后一档不设上限。</source>
        <translation>Score = sum of each part (0–100) × its weight; the weights must add up to 100 %. The registered-count score is the value of the first band whose upper bound the count does not exceed; the last band has no upper bound.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>立案数上限</source>
        <translation>Registered up to</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>分值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>加一档</source>
        <translation>Add band</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除所选档</source>
        <translation>Remove selected band</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{group}的权重</source>
        <translation>Weights for {group}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>立案数分档（最后一档上限留空）</source>
        <translation>Registered-count bands (leave the last upper bound empty)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>合计 {total} %</source>
        <translation>Total {total} %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>（应为 100%）</source>
        <translation> (must be 100 %)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>✔ 已保存；统计考核页的得分和等级已按新权重重新计算。</source>
        <translation>✔ Saved; the Reports page recomputed scores and grades with the new weights.</translation>
    </message>
</context>
<context>
    <name>AttachmentTile</name>
    <message>
        <location filename="../../ui/cases/attachments_strip.py" line="+93"/>
        <source>移除此附件</source>
        <translation>Remove this attachment</translation>
    </message>
</context>
<context>
    <name>AttachmentsStrip</name>
    <message>
        <location line="-63"/>
        <source>照片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;所有文件 (*)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;All files (*)</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>添加照片/文件</source>
        <translation>Add photos/files</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>无法读取文件“{name}”：{reason}</source>
        <translation>Cannot read the file “{name}”: {reason}</translation>
    </message>
</context>
<context>
    <name>AuditFilterBar</name>
    <message>
        <location filename="../../ui/audit/filter_bar.py" line="+24"/>
        <source>登录名</source>
        <extracomment>the earliest day the date fields offer; showing it means &quot;no limit&quot;</extracomment>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+34"/>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>案件编号、纠纷编号、登录名或记录 ID</source>
        <translation>Case number, dispute number, login or record ID</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>至</source>
        <translation>To</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../ui/audit/audit_model.py" line="+27"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>工作站</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>详情</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../ui/audit/audit_page.py" line="+68"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>共 {n} 条</source>
        <translation>{n} entries</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已载入 {n} 条，向下滚动载入更早的</source>
        <translation>{n} entries loaded; scroll down for earlier ones</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>审计日志-{day}.xlsx</source>
        <translation>audit-log-{day}.xlsx</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出审计日志</source>
        <translation>Export the audit log</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>已导出 {n} 条审计记录：{path}</source>
        <translation>Exported {n} audit entries: {path}</translation>
    </message>
</context>
<context>
    <name>BackupTab</name>
    <message>
        <location filename="../../ui/settings/backup_tab.py" line="+34"/>
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>定时</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>升级前</source>
        <translation>Before upgrade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>恢复前</source>
        <translation>Before restore</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>默认：数据库文件旁的 backups 文件夹</source>
        <translation>Default: the backups folder beside the database file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> 小时</source>
        <translation> hours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> 份</source>
        <translation> copies</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存备份设置</source>
        <translation>Save backup settings</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>恢复…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结构版本</source>
        <translation>Schema version</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>定时备份间隔</source>
        <translation>Scheduled backup every</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保留手动和定时备份</source>
        <translation>Keep manual and scheduled backups</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>本地备份</source>
        <translation>Local backups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>程序运行时按间隔自动备份；升级前和恢复前另存安全副本（各保留 3 份）。备份时其他工作站可照常写入。</source>
        <translation>While the program runs it backs up at this interval; before an upgrade or a restore it saves a safety copy (3 of each are kept). Other workstations keep writing during a backup.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>无法读取</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>数据库在服务器上：由管理员用 pg_dump 备份、pg_restore 恢复（见说明书“备份”一节）。备份后可运行 gridcc db note-backup 文件 登记，各工作站在此看到最近备份时间。</source>
        <translation>The database is on a server: the administrator backs it up with pg_dump and restores it with pg_restore (see &quot;Backups&quot; in the manual). After a backup, run gridcc db note-backup FILE so every workstation shows the time of the last backup here.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>最近一次备份：尚无记录</source>
        <translation>Last backup: none recorded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最近一次备份：{when}（{reason}）</source>
        <translation>Last backup: {when} ({reason})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>选择备份文件夹</source>
        <translation>Choose the backup folder</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✔ 备份设置已保存</source>
        <translation>✔ Backup settings saved</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>正在备份……</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✔ 已备份到 {path}</source>
        <translation>✔ Backed up to {path}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>选择要恢复的备份文件</source>
        <translation>Choose the backup to restore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据库备份 (*.db);;所有文件 (*)</source>
        <translation>Database backups (*.db);;All files (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>正在检查备份文件……</source>
        <translation>Checking the backup file…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>恢复数据库</source>
        <translation>Restore the database</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>用备份“{name}”替换当前数据？
当前数据会先另存为“恢复前”备份。恢复后程序将关闭，请重新启动；其他工作站也请重新启动。</source>
        <translation>Replace the current data with the backup &quot;{name}&quot;?
The current data is first saved as a before-restore backup. After the restore the program closes; start it again, and restart the other workstations too.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>未恢复</source>
        <translation>Not restored</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在恢复……</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>恢复完成</source>
        <translation>Restore complete</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>数据已恢复。程序现在关闭，请重新启动。</source>
        <translation>The data was restored. The program closes now; please start it again.</translation>
    </message>
</context>
<context>
    <name>BoundariesPage</name>
    <message>
        <location filename="../../ui/first_run/wizard.py" line="+56"/>
        <source>辖区边界（可跳过）</source>
        <translation>District boundaries (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入街道、社区、网格的边界（GeoJSON）。先导入街道，再导入社区、网格。</source>
        <translation>Import the boundaries of streets, communities and grids (GeoJSON). Import streets first, then communities and grids.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>以后也可在“设置 → 辖区”中导入，或用命令 gridcc grids import。</source>
        <translation>This can also be done later in Settings → District, or with the command gridcc grids import.</translation>
    </message>
</context>
<context>
    <name>BoundaryImport</name>
    <message>
        <location filename="../../ui/settings/district_widgets.py" line="+118"/>
        <source>街道</source>
        <translation>Streets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社区</source>
        <translation>Communities</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>WGS-84 / CGCS2000（GPS 坐标）</source>
        <translation>WGS-84 / CGCS2000 (GPS coordinates)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GCJ-02（高德、腾讯等在线地图坐标）</source>
        <translation>GCJ-02 (coordinates of Chinese online maps such as Amap, Tencent)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>选择 GeoJSON 文件并导入…</source>
        <translation>Choose a GeoJSON file and import…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>要素层级</source>
        <translation>Feature level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>坐标系</source>
        <translation>Coordinate system</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>选择边界文件</source>
        <translation>Choose a boundary file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GeoJSON (*.geojson *.json);;所有文件 (*)</source>
        <translation>GeoJSON (*.geojson *.json);;All files (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>正在导入 {name}……</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>共 {total} 个要素：新建 {created}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}</source>
        <translation>{total} features: {created} new, {updated} updated, {unchanged} unchanged, {rejected} rejected</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>相互重叠 {count} 对（已导入，请核对边界）</source>
        <translation>{count} overlapping pairs (imported; check the boundaries)</translation>
    </message>
</context>
<context>
    <name>CalendarTab</name>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="+132"/>
        <source>添加日期</source>
        <translation>Add date</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>重新载入</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保存工作日历</source>
        <translation>Save calendar</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>办公时间</source>
        <translation>Office hours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>格式如 08:30-12:00, 13:30-17:30；留空表示当天不办公。工作时、工作日只按办公时间计算。</source>
        <translation>Format: 08:30-12:00, 13:30-17:30; leave empty for a day without office hours. Working hours and working days count office hours only.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>节假日调整</source>
        <translation>Holiday adjustments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在国务院安排之外，由本区决定的上班日（调休）或休息日；优先于法定安排。</source>
        <translation>Working days (make-up days) or days off decided by the district in addition to the State Council schedule; they take precedence over the official schedule.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>办公时段</source>
        <translation>Office periods</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{year}年</source>
        <translation>{year}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⚠ 本程序尚未收录{years}的国务院节假日安排，目前按周一至周五及法定节日推算。公布后请在“节假日调整”中补充当年的放假和调休上班日期。</source>
        <translation>⚠ The State Council holiday schedule for {years} is not included yet; working days are estimated as Monday to Friday plus statutory holidays. Once it is published, add that year&apos;s days off and make-up working days under “Holiday adjustments”.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>休息</source>
        <translation>Day off</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>上班</source>
        <translation>Working day</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>✔ 已保存；{count} 件在办案件的期限已按新日历重新计算。</source>
        <translation>✔ Saved; the deadlines of {count} open cases were recalculated with the new calendar.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>操作失败：</source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message>
        <location filename="../../ui/dispatch/card_list.py" line="+75"/>
        <source>未指定部门</source>
        <translation>No department given</translation>
    </message>
</context>
<context>
    <name>CardList</name>
    <message>
        <location line="+24"/>
        <source>没有待回复的督办单</source>
        <translation>No supervision notices awaiting a reply</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+86"/>
        <source>选择一张督办单后填写回复</source>
        <translation>Select a supervision notice to reply to it</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>回复内容，如：已安排人员到场处置，预计今日17时前办结</source>
        <translation>Your reply, e.g. Staff sent to the site, expected to be done by 17:00 today</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>回复</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>打印选中的督办通知单</source>
        <translation>Print the selected supervision notice</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>待回复督办</source>
        <translation>Supervision awaiting reply</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>张</source>
        <translation>notices</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>回复 {0} · {1}</source>
        <translation>Reply to {0} · {1}</translation>
    </message>
</context>
<context>
    <name>CaseDetailPage</name>
    <message>
        <location filename="../../ui/cases/detail_page.py" line="+46"/>
        <source>黄牌督办</source>
        <extracomment>the action that moves a case along the standard loop in each state (shown as the primary button)</extracomment>
        <translation>Yellow-card supervision</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>红牌督办</source>
        <translation>Red-card supervision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>领导督办</source>
        <translation>Leadership supervision</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+86"/>
        <source>督办</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>案件详情</source>
        <translation>Case details</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在载入……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>在地图上显示</source>
        <translation>Show on map</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>登记纠纷</source>
        <translation>Register dispute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>由本案登记一起矛盾纠纷，并与本案关联</source>
        <translation>Register a dispute from this case and link it to the case</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>打印本案的案件派遣单：预览、选择打印机或保存为 PDF</source>
        <translation>Print this case&apos;s dispatch sheet: preview, choose a printer or save as PDF</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>可执行操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+247"/>
        <source>本案已办结，没有可执行的操作</source>
        <translation>This case is closed; no actions are available</translation>
    </message>
    <message>
        <location line="-240"/>
        <source>事件描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>暂无督办</source>
        <translation>No supervision</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>暂无附件</source>
        <translation>No attachments</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+287"/>
        <source>添加附件</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <location line="-268"/>
        <source>处置流程</source>
        <translation>Handling history</translation>
    </message>
    <message>
        <location line="+40"/>
        <location line="+58"/>
        <source>案件 {no}</source>
        <translation>Case {no}</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>无法载入案件</source>
        <translation>Cannot load the case</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>本案没有登记坐标</source>
        <translation>No coordinates recorded for this case</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>外部编号</source>
        <translation>External no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事件类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>所属网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未派遣</source>
        <translation>Not dispatched</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置层级</source>
        <translation>Handling level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告人</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>催办/返工</source>
        <translation>Reminders/rework</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>催办 {u} 次 · 返工 {r} 次</source>
        <translation>{u} reminders · {r} reworks</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>上报时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>办结时限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本环节时限</source>
        <translation>Current step due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>总时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>是否超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>已超期</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>未超期</source>
        <translation>No</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>系统自动</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>回复：</source>
        <translation>Reply: </translation>
    </message>
    <message>
        <location line="+25"/>
        <source>您的角色不能对本案执行当前可做的操作</source>
        <translation>Your role may not take any of the actions this case allows now</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>已{action}</source>
        <translation>Done: {action}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{a}”未能完成</source>
        <translation>“{a}” could not be completed</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>已添加 {n} 个附件</source>
        <translation>Attachments added: {n}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>附件未能添加</source>
        <translation>Attachments could not be added</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>无法打开附件</source>
        <translation>Cannot open the attachment</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/accounts/password_dialog.py" line="+25"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>至少 8 位</source>
        <translation>At least 8 characters</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>这是新账户或管理员重置过的密码：请先设置只有您知道的新密码。</source>
        <translation>This is a new account or a password reset by an administrator: first set a new password only you know.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>两次输入的新密码不一致</source>
        <translation>The two new passwords differ</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>正在修改…</source>
        <translation>Changing…</translation>
    </message>
</context>
<context>
    <name>ChoicePage</name>
    <message>
        <location filename="../../ui/first_run/database_pages.py" line="+43"/>
        <source>欢迎使用网格化管理指挥中心</source>
        <extracomment>The wizard&apos;s pages, in order.</extracomment>
        <translation>Welcome to Grid Command Center</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>请选择本机如何使用。以后可在“设置”中更改。</source>
        <translation>Choose how this computer is used. This can be changed later in Settings.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>本机单独使用</source>
        <translation>This computer alone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>数据保存在本机的一个文件中（SQLite），适合单个工作站。</source>
        <translation>The data is kept in a file on this computer (SQLite); for a single workstation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>连接指挥中心服务器</source>
        <translation>Connect to the center&apos;s server</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>多个工作站共用一个 PostgreSQL 数据库，需要服务器地址。</source>
        <translation>Several workstations share one PostgreSQL database; needs the server&apos;s address.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>先看演示辖区</source>
        <translation>Look at the demo district first</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>打开虚构的演示数据，不影响正式数据；下次启动时仍会询问。</source>
        <translation>Opens fictitious demo data, apart from real data; the next start asks again.</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <location filename="../../ui/sync/sync_page.py" line="+53"/>
        <source>显示已处理的冲突</source>
        <translation>Show settled conflicts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>工作站</source>
        <translation>Desk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>发现时间</source>
        <translation>Found at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处理</source>
        <translation>Settled</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>原值</source>
        <translation>Before</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>本机</source>
        <translation>This desk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+77"/>
        <source>采用服务器</source>
        <translation>Keep the server&apos;s</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>采用本机</source>
        <translation>Keep this desk&apos;s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>合并…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>待处理冲突：{count}</source>
        <translation>Conflicts to settle: {count}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>没有需要处理的冲突</source>
        <translation>No conflicts to settle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同步时无法自动合并的修改会列在这里，由有权限的人员决定保留哪一边。</source>
        <translation>Changes a sync could not merge by itself are listed here; a person with the permission decides which side to keep.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>（已由 {who} 处理：{how}）</source>
        <translation>(settled by {who}: {how})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>确认</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>处理冲突需要“处理离线同步冲突”权限</source>
        <translation>Settling conflicts needs the permission “Resolve offline sync conflicts”</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <location filename="../../ui/widgets/countdown_text.py" line="+15"/>
        <source>{n}工作日</source>
        <extracomment>the source texts (context &apos;Countdown&apos;); {n} is the amount</extracomment>
        <translation>{n}wd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n}天</source>
        <translation>{n}d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n}时</source>
        <translation>{n}h</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n}分</source>
        <translation>{n}m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n}秒</source>
        <translation>{n}s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{first}{rest}</source>
        <extracomment>how two amounts follow each other (&apos;3工作日&apos; + &apos;2时&apos;; &apos;3wd 2h&apos; in English)</extracomment>
        <translation>{first} {rest}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩{time}</source>
        <translation>{time} left</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>超{time}</source>
        <translation>{time} overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩 {time}</source>
        <translation>{time} left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>超 {time}</source>
        <translation>{time} overdue</translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <location filename="../../ui/first_run/database_pages.py" line="+61"/>
        <source>正在准备数据库……</source>
        <translation>Preparing the database…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>✔ 数据库已就绪：{where}</source>
        <translation>✔ Database ready: {where}</translation>
    </message>
</context>
<context>
    <name>DatabaseTab</name>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="-236"/>
        <source>postgresql://用户:密码@服务器:5432/库名  或  D:\gridcc\gridcc.db</source>
        <extracomment>The district&apos;s configuration (calendar, basemap, assessment, boundaries) needs this permission</extracomment>
        <translation>postgresql://user:password@server:5432/database  or  D:\gridcc\gridcc.db</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>保存地址</source>
        <translation>Save address</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>当前使用：</source>
        <translation>In use: </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>数据库地址</source>
        <translation>Database address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>单机使用：填写本地 SQLite 文件路径。多个工作站共用：填写 PostgreSQL 服务器地址，如 postgresql://gridcc:密码@192.168.1.10:5432/gridcc。保存前必须先测试连接。</source>
        <translation>One workstation: enter the path of a local SQLite file. Several workstations: enter the PostgreSQL server address, e.g. postgresql://gridcc:password@192.168.1.10:5432/gridcc. Test the connection before saving.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存的地址在下次启动时生效；启动参数 --db 或环境变量 GRIDCC_DB 优先于此设置。</source>
        <translation>A saved address is used from the next start; the --db option and the GRIDCC_DB environment variable take precedence over it.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>正在测试连接……</source>
        <translation>Testing the connection…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>✔ 已保存，下次启动时使用此数据库</source>
        <translation>✔ Saved; this database is used from the next start</translation>
    </message>
</context>
<context>
    <name>DispatchPage</name>
    <message>
        <location filename="../../ui/dispatch/dispatch_page.py" line="+107"/>
        <source>调度台</source>
        <translation>Dispatch board</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>选中案件后按 Ctrl+D 派遣至建议部门 · 双击打开案件</source>
        <translation>Select a case and press Ctrl+D to dispatch it to the suggested department · Double-click to open it</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>调度台数据读取失败：{0}</source>
        <translation>Could not read the dispatch board: {0}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>在办 {0} 件 · 待调度 {1} 件 · 待回复督办 {2} 张 · 更新于 {3}</source>
        <translation>{0} open · {1} awaiting dispatch · {2} supervision notices awaiting reply · updated {3}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>督办巡检失败：{0}</source>
        <translation>Supervision check failed: {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>请先选中一件案件，再按 Ctrl+D 派遣</source>
        <translation>Select a case first, then press Ctrl+D to dispatch it</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>案件 {0} 已派遣至 {1}</source>
        <translation>Case {0} dispatched to {1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>案件 {0} 派遣失败：{1}</source>
        <translation>Dispatching case {0} failed: {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>案件 {0}：{1}</source>
        <translation>Case {0}: {1}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>已回复案件 {0} 的{1}</source>
        <translation>Replied to the {1} of case {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>督办单回复失败：{0}</source>
        <translation>Reply to the supervision notice failed: {0}</translation>
    </message>
</context>
<context>
    <name>DisputeCard</name>
    <message>
        <location filename="../../ui/mediation/card_sections.py" line="+35"/>
        <source>纠纷类型</source>
        <extracomment>the particulars&apos; labels in order (source texts of context &apos;DisputeCard&apos;)</extracomment>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>调处层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解组织</source>
        <translation>Committee</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社区/村</source>
        <translation>Community</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>移送单位/文号</source>
        <translation>Referred by / no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登记时间</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>受理时间</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>调解期限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>期限届满</source>
        <translation>Limit ends</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>发生地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发生时间</source>
        <translation>Arose</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>涉及人数</source>
        <translation>People involved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>涉及金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调处结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>简要案情</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当事人请求</source>
        <translation>Request</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{c}色预警</source>
        <translation>{c} warning</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>调解期限已超 {n} 天</source>
        <translation>Time limit exceeded by {n} days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解期限还剩 {n} 天</source>
        <translation>{n} days left to mediate</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>司法确认申请期限还剩 {n} 天（截至 {day}）</source>
        <translation>{n} days left to apply for judicial confirmation (until {day})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已司法确认</source>
        <translation>Judicially confirmed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>司法确认被驳回</source>
        <translation>Judicial confirmation rejected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已申请司法确认</source>
        <translation>Judicial confirmation applied for</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{n}岁</source>
        <translation>{n} years</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>代表人 {name}</source>
        <translation>represented by {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>[台账人员]</source>
        <translation>[in ledger]</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>调查 {at} {place}：{subject} {content}</source>
        <translation>Investigation {at} {place}: {subject} {content}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>第{n}次调解 {at} {place}：{record} {result}</source>
        <translation>Session {n} {at} {place}: {record} {result}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{kind}协议，{at} 达成</source>
        <translation>{kind} agreement, reached {at}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>已履行（{evidence}）</source>
        <translation>performed ({evidence})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待履行</source>
        <translation>to be performed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>，{a:,.2f} 元</source>
        <translation>, {a:,.2f} yuan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>第{n}项{obligor}：{what}{amount}，期限 {due}，{done}</source>
        <translation>No. {n}{obligor}: {what}{amount}, due {due}, {done}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>满意</source>
        <translation>satisfied</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>不满意</source>
        <translation>not satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{at} {visitor}：{content} {verdict}</source>
        <translation>{at} {visitor}: {content} {verdict}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{kind} {sent} 移交 {to}{ref}；回执：{received}；结果：{outcome}</source>
        <translation>{kind} {sent} transferred to {to}{ref}; receipt: {received}; outcome: {outcome}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>案件 {no}</source>
        <translation>Case {no}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>人员 {name}</source>
        <translation>Person {name}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>（选）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{at} {actor} {action}{note}</source>
        <translation>{at} {actor} {action}{note}</translation>
    </message>
</context>
<context>
    <name>DisputeCardView</name>
    <message>
        <location filename="../../ui/mediation/dispute_card.py" line="+59"/>
        <source>在左侧列表中双击一起纠纷查看详情</source>
        <extracomment>actions offered as buttons on the card&apos;s heading, the rest in the second row</extracomment>
        <translation>Double-click a dispute in the list to see it here</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+95"/>
        <source>打印人民调解协议书（口头协议打印口头协议登记表）</source>
        <translation>Print the mediation agreement (the oral agreement register form for an oral agreement)</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>可办理的操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>基本情况</source>
        <translation>Particulars</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>当事人</source>
        <translation>Parties</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调查与调解记录</source>
        <translation>Investigations and sessions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解协议与司法确认</source>
        <translation>Agreement and judicial confirmation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>履行义务</source>
        <translation>Obligations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>回访</source>
        <translation>Follow-up visits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>移交对接</source>
        <translation>Transfers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关联案件与人员</source>
        <translation>Linked cases and persons</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>卷宗材料</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>办理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>预警</source>
        <translation>Alert</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>尚未达成调解协议，没有协议书可打印</source>
        <translation>No mediation agreement yet: nothing to print</translation>
    </message>
</context>
<context>
    <name>DisputePage</name>
    <message>
        <location filename="../../ui/mediation/dispute_page.py" line="+24"/>
        <source>返回纠纷台账</source>
        <translation>Back to the docket</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>纠纷详情</source>
        <translation>Dispute</translation>
    </message>
</context>
<context>
    <name>DisputePanel</name>
    <message>
        <location filename="../../ui/mediation/card_panel.py" line="+87"/>
        <source>已办理：{number} 现为“{state}”</source>
        <translation>Done: {number} is now “{state}”</translation>
    </message>
</context>
<context>
    <name>DistrictForm</name>
    <message>
        <location filename="../../ui/settings/district_widgets.py" line="-106"/>
        <source>如：朝阳区</source>
        <extracomment>Issues listed under an import&apos;s summary; the rest are counted.</extracomment>
        <translation>e.g. Chaoyang District</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>行政区划代码，如 110105</source>
        <translation>Administrative division code, e.g. 110105</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>辖区名称</source>
        <translation>District name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>辖区代码</source>
        <translation>District code</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>✔ 已保存：{name}（{code}）</source>
        <translation>✔ Saved: {name} ({code})</translation>
    </message>
</context>
<context>
    <name>DistrictPage</name>
    <message>
        <location filename="../../ui/first_run/wizard.py" line="-28"/>
        <source>辖区</source>
        <translation>District</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>填写本指挥中心管辖的区（县）的名称和代码。</source>
        <translation>The name and code of the district (county) this center governs.</translation>
    </message>
</context>
<context>
    <name>DistrictTab</name>
    <message>
        <location filename="../../ui/settings/district_tab.py" line="+23"/>
        <source>保存辖区</source>
        <translation>Save district</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>先导入街道，再导入社区、网格：上级编码字段把每个要素挂到已导入的上级下。同一编码再次导入时更新边界。</source>
        <translation>Import streets first, then communities and grids: the parent code field attaches each feature to a parent imported before. Importing a code again updates its boundary.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>辖区</source>
        <translation>District</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>边界（GeoJSON）</source>
        <translation>Boundaries (GeoJSON)</translation>
    </message>
</context>
<context>
    <name>DocketFilterBar</name>
    <message>
        <location filename="../../ui/mediation/filter_bar.py" line="+39"/>
        <source>搜索编号、案情、地点</source>
        <translation>Search number, facts, place</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未结案</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>全部灯色</source>
        <translation>All lights</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>全部层级</source>
        <translation>All levels</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>全部调解组织</source>
        <translation>All committees</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部风险</source>
        <translation>All risks</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部社区/村</source>
        <translation>All communities</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部调解员</source>
        <translation>All mediators</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>不再只看此人</source>
        <translation>Show everyone&apos;s disputes again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>调解组织</source>
        <translation>Committee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社区/村</source>
        <translation>Community</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>需预警（红色/民转刑/群体性）</source>
        <translation>Alerts (red / civil-to-criminal / group)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{c}色预警</source>
        <translation>{c} warning</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>当事人：{name}</source>
        <translation>Party: {name}</translation>
    </message>
</context>
<context>
    <name>DocketModel</name>
    <message>
        <location filename="../../ui/mediation/docket_model.py" line="+33"/>
        <source>纠纷编号</source>
        <translation>Dispute no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>纠纷类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解组织</source>
        <translation>Committee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社区/村</source>
        <translation>Community</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解期限</source>
        <translation>Limit ends</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登记时间</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>简要案情</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>色预警</source>
        <translation> warning</translation>
    </message>
</context>
<context>
    <name>DocketPage</name>
    <message>
        <location filename="../../ui/mediation/docket_page.py" line="+52"/>
        <source>没有符合条件的纠纷</source>
        <translation>No disputes match</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>矛盾纠纷调解</source>
        <translation>Dispute mediation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>登记纠纷</source>
        <translation>Register dispute</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>纠纷台账</source>
        <translation>Docket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>月度统计</source>
        <translation>Monthly table</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>排查报告</source>
        <translation>Screening</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>共 {n} 起</source>
        <translation>{n} disputes</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>读取纠纷台账失败：{m}</source>
        <translation>Reading the docket failed: {m}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>正在读取纠纷类型和调解组织，请稍候再试</source>
        <translation>Still reading the types and committees; please try again in a moment</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>已登记纠纷 {number}</source>
        <translation>Registered dispute {number}</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../ui/first_run/wizard.py" line="+37"/>
        <source>设置完成</source>
        <translation>Set up</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>人口台账、工单和矛盾纠纷可在各自页面从 Excel 导入；数据库、辖区和备份可在“设置”中更改。</source>
        <translation>The people ledger, work orders and disputes are imported from Excel on their own pages; the database, the district and backups can be changed in Settings.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>数据库：{where}
点击“完成”打开程序。</source>
        <translation>Database: {where}
Click Finish to open the program.</translation>
    </message>
</context>
<context>
    <name>DraftKeeper</name>
    <message>
        <location filename="../../ui/widgets/draft_keeper.py" line="+54"/>
        <source>草稿未能保存：{e}</source>
        <translation>Draft not saved: {e}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>草稿已自动保存 {t}</source>
        <translation>Draft saved automatically {t}</translation>
    </message>
</context>
<context>
    <name>EntryPane</name>
    <message>
        <location filename="../../ui/audit/audit_page.py" line="-145"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>工作站</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>记录 ID</source>
        <translation>Record ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>详情</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>审计记录</source>
        <translation>Audit entry</translation>
    </message>
</context>
<context>
    <name>FigureTile</name>
    <message>
        <location filename="../../ui/wall/tiles.py" line="+47"/>
        <source>较昨日 {arrow}{n}</source>
        <extracomment>which way a change is good news: more closed is, more overdue is not; the rest just say how much</extracomment>
        <translation>vs. yesterday {arrow}{n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>昨日 {y}</source>
        <translation>Yesterday {y}</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../ui/cases/filter_bar.py" line="+85"/>
        <source>搜索编号、内容、地址、举报人电话</source>
        <translation>Search case no., text, address, reporter&apos;s phone</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>全部灯色</source>
        <translation>All lights</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部处置部门</source>
        <translation>All departments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部来源</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>上报时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置部门</source>
        <translation>Department</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/first_run/wizard.py" line="+11"/>
        <source>网格化管理指挥中心 · 首次使用</source>
        <translation>Grid Command Center · First run</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../ui/help_menu.py" line="+28"/>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <source>复制诊断信息</source>
        <translation>Copy diagnostic information</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>把版本、数据与日志位置、数据库结构版本和最近的日志复制到剪贴板，便于发给技术支持</source>
        <translation>Copy the versions, the data and log locations, the database schema version and the latest log lines to the clipboard, to send to technical support</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>诊断信息已复制到剪贴板（不含居民个人信息），可粘贴发给技术支持</source>
        <translation>Diagnostic information copied to the clipboard (no residents&apos; personal data); paste it into a message to technical support</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/people/transfer.py" line="+53"/>
        <source>导入人口台账：{name}</source>
        <translation>Import resident ledger: {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在检查文件（不写入数据库）…</source>
        <translation>Checking the file (nothing is written yet)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>已读取 %v / %m 行</source>
        <translation>%v of %m rows read</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Excel 行号</source>
        <translation>Excel row</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>拒绝原因</source>
        <translation>Reason rejected</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存检查报告</source>
        <translation>Save check report</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>映射类别…</source>
        <translation>Map categories…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>被拒绝的行</source>
        <translation>Rejected rows</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>检查报告已保存</source>
        <translation>Check report saved</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>导入完成：新增 {a} 人，合并 {b} 人</source>
        <translation>Import finished: {a} added, {b} merged</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+40"/>
        <source>警告：{w}</source>
        <translation>Warning: {w}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>检查结果（尚未写入）</source>
        <translation>Check (nothing written yet)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>导入结果</source>
        <translation>Import result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what}：工作表“{sheet}”共 {n} 行 —— 新增 {a}，合并 {b}，无变化 {c}，拒绝 {d}</source>
        <translation>{what}: sheet “{sheet}”, {n} rows — {a} new, {b} merged, {c} unchanged, {d} rejected</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>；已存在但内容不同（未更新）{n} 行</source>
        <translation>; {n} rows already there with different content (not updated)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>；另有 {n} 处与台账不一致的值未覆盖</source>
        <translation>; {n} values differing from the ledger were kept, not overwritten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>无法识别的人员类别（人员照常导入，写法原样保留）：{labels}</source>
        <translation>Unrecognised categories (persons imported, labels kept as written): {labels}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>明细已写入：{files}（与导入文件同一文件夹）</source>
        <translation>Details written to: {files} (next to the imported file)</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <location filename="../../ui/cases/intake_choices.py" line="+28"/>
        <source>时限：{limits}</source>
        <translation>Time limits: {limits}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未配置</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>建议派遣：{department}</source>
        <translation>Suggested department: {department}</translation>
    </message>
    <message>
        <location filename="../../ui/cases/intake_page.py" line="+75"/>
        <source>输入关键字搜索，如“垃圾”“井盖”</source>
        <translation>Type a keyword to search, e.g. “垃圾” (garbage), “井盖” (manhole cover)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>一句话概括，留空时取描述的前20个字</source>
        <translation>One-line summary; if left empty, the first 20 characters of the description</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发生了什么、在哪里、影响多大</source>
        <translation>What happened, where, and how serious it is</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>街道、门牌号或明显地标</source>
        <translation>Street, house number or a landmark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>输入社区或网格名称搜索</source>
        <translation>Type a community or grid name to search</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>选填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>手机或带区号的固话，如 0532-88886666</source>
        <translation>Mobile, or landline with area code, e.g. 0532-88886666</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>匿名反映（不向处置部门透露报告人信息）</source>
        <translation>Anonymous (the reporter&apos;s details are not passed to the handling department)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>受理登记</source>
        <translation>New case</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>登记群众反映、热线转办和网格员上报的事件</source>
        <translation>Register reports from citizens, the hotline and grid workers</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>事件信息</source>
        <translation>Event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源 *</source>
        <translation>Source *</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+266"/>
        <source>上报时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <location line="-265"/>
        <source>事件类别 *</source>
        <translation>Category *</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+264"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location line="-264"/>
        <location line="+262"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>事件描述 *</source>
        <translation>Description *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>事发位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+260"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="-260"/>
        <location line="+260"/>
        <location line="+1"/>
        <source>坐标</source>
        <translation>Coordinates</translation>
    </message>
    <message>
        <location line="-260"/>
        <source>所属网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报告人</source>
        <translation>Reporter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+258"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="-257"/>
        <source>照片在案件保存后一并上传，单个文件不超过20 MB</source>
        <translation>Photos are uploaded when the case is saved; at most 20 MB per file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现场照片与附件</source>
        <translation>Photos and attachments</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>清空表单</source>
        <translation>Clear form</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存为待核实</source>
        <translation>Save for verification</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+317"/>
        <source>直接立案</source>
        <translation>Register case</translation>
    </message>
    <message>
        <location line="-310"/>
        <source>* 为必填项；填写内容会自动保存为草稿，意外关闭后可恢复</source>
        <translation>* required; what you type is kept as a draft and comes back after an unexpected close</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>无法读取事件类别和网格列表：{e}</source>
        <translation>Cannot read the categories and grids: {e}</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>已恢复上次未提交的草稿（保存于 {t}）</source>
        <translation>Restored the draft that was not submitted (saved {t})</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>联系电话：</source>
        <translation>Phone: </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>事件类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>未选择，可输入“垃圾”等关键字搜索后选择</source>
        <translation>not chosen; type a keyword such as “垃圾” to search, then choose</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>事件描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>报告人姓名</source>
        <translation>Reporter&apos;s name</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>{field}：{problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>请先修正 {n} 处问题：</source>
        <translation>Please correct these {n} problems first: </translation>
    </message>
    <message>
        <location line="+40"/>
        <source>案件 {no} 已登记为“{s}”</source>
        <translation>Case {no} registered as “{s}”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>，但附件未能保存：</source>
        <translation>, but the attachments could not be saved: </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>保存失败：{e}</source>
        <translation>Saving failed: {e}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（已填写的内容仍在，可修改后重试）</source>
        <translation> (everything you entered is kept; correct it and try again)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <location filename="../../ui/people/labels_dialog.py" line="+35"/>
        <location line="+53"/>
        <source>人员类别</source>
        <translation>Population category</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>人口类型</source>
        <translation>Residence type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件类别</source>
        <translation>Case category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>类别与别名</source>
        <translation>Categories and aliases</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>未识别的类别</source>
        <translation>Unrecognised categories</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+37"/>
        <source>别名</source>
        <translation>Aliases</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>表格中的写法</source>
        <translation>Label as written</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>人数</source>
        <translation>Persons</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>映射到此类别</source>
        <translation>Map to this category</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>导入时无法识别的人员类别（人员已导入，写法原样保留）。映射一次，所有带此写法的人员都会补上该类别，以后的导入也会识别它。</source>
        <translation>Population categories an import could not recognise (the persons were imported, the labels kept as written). Map a label once: every person carrying it gets the category, and later imports recognise it.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>指向</source>
        <translation>Means</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>表格中的写法，如 低保户</source>
        <translation>Label as spreadsheets write it, e.g. 低保户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>种类</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>请先选择一个写法</source>
        <translation>Select a label first</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已把“{label}”映射到“{name}”：{n} 人补上了此类别</source>
        <translation>Mapped “{label}” to “{name}”: {n} persons got the category</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>已添加别名“{alias}” → {name}</source>
        <translation>Alias “{alias}” → {name} added</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>请先选择一个别名</source>
        <translation>Select an alias first</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已删除别名“{alias}”</source>
        <translation>Alias “{alias}” deleted</translation>
    </message>
</context>
<context>
    <name>LanguageTab</name>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="+200"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>更改将在下次启动时生效。</source>
        <translation>The change takes effect the next time the program starts.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>✔ 已保存，下次启动时生效</source>
        <translation>✔ Saved; takes effect at the next start</translation>
    </message>
</context>
<context>
    <name>LightBadge</name>
    <message>
        <location filename="../../ui/widgets/light_badge.py" line="+12"/>
        <source>● 红灯</source>
        <translation>● Red</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>● 黄灯</source>
        <translation>● Yellow</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● 绿灯</source>
        <translation>● Green</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>● 已办结</source>
        <translation>● Closed</translation>
    </message>
</context>
<context>
    <name>LightColumn</name>
    <message>
        <location filename="../../ui/dispatch/light_columns.py" line="+171"/>
        <source>暂无{0}案件</source>
        <translation>No {0} cases</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>件</source>
        <translation>cases</translation>
    </message>
</context>
<context>
    <name>LightColumns</name>
    <message>
        <location line="-40"/>
        <source>建议派往 {0}</source>
        <translation>Suggested: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>未派遣</source>
        <translation>Not dispatched</translation>
    </message>
</context>
<context>
    <name>LightText</name>
    <message>
        <location filename="../../ui/theme.py" line="+14"/>
        <source>红</source>
        <extracomment>preferred UI fonts, first available wins (Windows, then Linux packages)</extracomment>
        <translation>Red</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>绿</source>
        <translation>Green</translation>
    </message>
</context>
<context>
    <name>LocalPage</name>
    <message>
        <location filename="../../ui/first_run/database_pages.py" line="+18"/>
        <source>本机数据库</source>
        <translation>Local database</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择保存数据的文件夹。建议选择会被定期备份的磁盘，路径中最好只有英文和数字。</source>
        <translation>Choose the folder for the data: preferably on a disk that is backed up, with only ASCII letters and digits in its path.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>文件夹中已有数据库文件时直接使用它（较旧的会先备份再升级）。</source>
        <translation>A database file already in the folder is used as it is (an older one is backed up, then upgraded).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>数据库文件：{path}</source>
        <translation>Database file: {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>选择数据文件夹</source>
        <translation>Choose the data folder</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>请选择数据文件夹</source>
        <translation>Choose a data folder</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/accounts/lock_screen.py" line="+48"/>
        <source>解锁</source>
        <extracomment>What counts as someone at the desk</extracomment>
        <translation>Unlock</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}（{login}）已登录，请输入密码解锁</source>
        <translation>{name} ({login}) is logged in: enter the password to unlock</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>请输入密码</source>
        <translation>Enter the password</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/accounts/login_dialog.py" line="+39"/>
        <source>登录 - 网格化管理指挥中心</source>
        <translation>Log in - Grid Command Center</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>例如 zhangsan</source>
        <translation>e.g. zhangsan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>管理员的姓名</source>
        <translation>The administrator&apos;s name</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>创建并登录</source>
        <translation>Create and log in</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>网格化管理指挥中心</source>
        <translation>Grid Command Center</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>数据库中还没有账户：请创建第一个系统管理员账户。之后由管理员为其他人新建账户。</source>
        <translation>The database has no accounts yet: create the first administrator account. The administrator then creates accounts for everyone else.</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+29"/>
        <source>请输入登录名和密码</source>
        <translation>Enter the login and password</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>必须先修改密码才能登录</source>
        <translation>The password must be changed before logging in</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/assembly.py" line="+37"/>
        <source>案件队列</source>
        <translation>Case queue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>调度台</source>
        <translation>Dispatch board</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>人口台账</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>矛盾纠纷</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>一张图</source>
        <translation>Map</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>统计考核</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>受理登记</source>
        <translation>New case</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>已自动备份数据库：{name}</source>
        <translation>Database backed up automatically: {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>自动备份未完成：{line}</source>
        <translation>Automatic backup not done: {line}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已按保留期清除 {count} 件结案案件的报告人电话</source>
        <translation>Cleared the reporter&apos;s phone of {count} closed cases past the retention period</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="+91"/>
        <location line="+39"/>
        <source>网格化管理指挥中心</source>
        <extracomment>How long after the window appears the pages asked for by `build_after_show` are built: long enough for the first page to be painted and read its first rows. The share of the screen a first window takes when the user un-maximizes it</extracomment>
        <translation>Grid Command Center</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>（演示）</source>
        <translation> (demo)</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>演示数据库：数据为虚构，不影响正式数据</source>
        <translation>Demo database: the data is fictional and does not touch real data</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>打开大屏（在设置中选择显示器和观看距离）</source>
        <translation>Open the wall display (choose the screen and viewing distance in Settings)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>与数据库的连接已断开，正在自动重连……已填写的内容不会丢失。</source>
        <translation>The connection to the database was lost; reconnecting… Nothing you have entered will be lost.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>服务器暂时无法连接：本机正在离线副本上工作，修改会保存在本机，恢复连接后自动同步。</source>
        <translation>The server cannot be reached: this desk is working on its offline replica; changes are kept here and synced automatically when the connection returns.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="+40"/>
        <source>离线同步</source>
        <translation>Offline sync</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../ui/map/map_page.py" line="+60"/>
        <source>读取地图数据失败：</source>
        <translation>Could not read the map data: </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>一张图</source>
        <translation>Map</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>网格按未办结案件数着色</source>
        <translation>Grids coloured by open cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格按最严重灯色着色</source>
        <translation>Grids coloured by worst light</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>热力图：近{n}天</source>
        <translation>Heat map: last {n} days</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>查看案件队列</source>
        <translation>Show case queue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>取消选点</source>
        <translation>Cancel picking</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>正在载入地图……</source>
        <translation>Loading the map…</translation>
    </message>
    <message>
        <location filename="../../ui/map/page_loader.py" line="+70"/>
        <source>底图</source>
        <translation>Base map</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>热力图</source>
        <translation>Heat map</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>社区边界</source>
        <translation>Community boundaries</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>街道边界</source>
        <translation>Subdistrict boundaries</translation>
    </message>
    <message>
        <location filename="../../ui/map/map_page.py" line="+53"/>
        <source>网格 {g} 个 · 在办案件 {m} 件 · 红灯 {r} · 黄灯 {y}</source>
        <translation>{g} grids · {m} open cases · red {r} · yellow {y}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>案件队列</source>
        <translation>Case queue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>人口台账</source>
        <translation>Population register</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已将{what}筛选为网格“{name}”</source>
        <translation>Filtered {what} to grid “{name}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>和</source>
        <translation> and </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>该案件没有登记坐标，无法在地图上显示</source>
        <translation>This case has no coordinates and cannot be shown on the map</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>请在地图上点击事发位置</source>
        <translation>Click the location of the event on the map</translation>
    </message>
</context>
<context>
    <name>MapTab</name>
    <message>
        <location filename="../../ui/settings/map_tab.py" line="+33"/>
        <source>无底图（只显示网格边界）</source>
        <translation>No base map (grid boundaries only)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MBTiles 离线底图文件</source>
        <translation>MBTiles offline base map file</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>在线瓦片地址（XYZ）</source>
        <translation>Online tile address (XYZ)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>D:\底图\城区.mbtiles</source>
        <translation>D:\maps\city.mbtiles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>WGS-84（GPS 坐标，国际通用底图）</source>
        <translation>WGS-84 (GPS coordinates, international base maps)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GCJ-02（国内在线地图，如高德、腾讯）</source>
        <translation>GCJ-02 (Chinese online maps such as Amap, Tencent)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存底图设置</source>
        <translation>Save base map settings</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>底图</source>
        <translation>Base map</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>底图坐标系</source>
        <translation>Base map coordinate system</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>网格和案件坐标一律按 WGS-84 保存；底图为 GCJ-02 时，地图显示时自动换算，在地图上选的点也换算回 WGS-84。MBTiles 文件由本机直接读取，无需网络。</source>
        <translation>Grid and case coordinates are always stored as WGS-84; with a GCJ-02 base map they are converted for display, and points picked on the map are converted back to WGS-84. MBTiles files are read from this computer, no network needed.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>选择 MBTiles 底图文件</source>
        <translation>Choose an MBTiles base map file</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MBTiles 底图 (*.mbtiles);;所有文件 (*)</source>
        <translation>MBTiles base maps (*.mbtiles);;All files (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>✔ 已保存，地图页下次显示时生效</source>
        <translation>✔ Saved; applies the next time the map page is shown</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>操作失败：</source>
        <translation>Failed: </translation>
    </message>
</context>
<context>
    <name>MediationView</name>
    <message>
        <location filename="../../ui/wall/mediation_panel.py" line="+21"/>
        <source>今日登记</source>
        <extracomment>alert lines the panel holds (made once, reused)</extracomment>
        <translation>Registered today</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>今日调解</source>
        <translation>Sessions today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>达成协议</source>
        <translation>Agreements</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>在办纠纷</source>
        <translation>Open disputes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>超期(红灯)</source>
        <translation>Overdue (red)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>风险预警纠纷 {n} 件</source>
        <translation>{n} disputes with risk alerts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>暂无风险预警纠纷</source>
        <translation>No risk alerts</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../ui/sync/merge_dialog.py" line="+19"/>
        <source>合并冲突：{record}</source>
        <translation>Merge conflict: {record}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>服务器：{server}</source>
        <translation>Server: {server}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存合并结果</source>
        <translation>Save the merge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>为每个字段填写最终的值（留空表示清空该字段）。保存后作为一次新的修改写入记录。</source>
        <translation>Fill in the final value of each field (empty clears the field). It is saved into the record as a new change.</translation>
    </message>
</context>
<context>
    <name>MuteButton</name>
    <message>
        <location filename="../../ui/dispatch/alerts.py" line="-112"/>
        <source>已静音</source>
        <translation>Muted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>报警声音已关闭，点击恢复</source>
        <translation>Alert sound is off; click to turn it back on</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>声音提醒</source>
        <translation>Sound alerts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件转红灯或紧急案件到达时响铃，点击静音</source>
        <translation>Rings when a case turns red or an urgent case arrives; click to mute</translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <location filename="../../ui/settings/account_dialogs.py" line="+67"/>
        <source>新建账户</source>
        <translation>New account</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>小写字母、数字、. _ -，例如 zhangsan</source>
        <translation>Lower-case letters, digits, . _ -, e.g. zhangsan</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>区域编码（街道、社区或网格）；留空为全区</source>
        <translation>Region code (street, community or grid); empty for the whole district</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>部门名称（部门处置人员填写）</source>
        <translation>Department name (for department handlers)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>至少 8 位，含字母和数字</source>
        <translation>At least 8 characters, letters and digits</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>所属区域</source>
        <translation>Region</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>初始密码</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>新账户首次登录时须修改密码。</source>
        <translation>A new account must change its password at the first login.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../ui/widgets/notice_bar.py" line="+27"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ObligationsTable</name>
    <message>
        <location filename="../../ui/mediation/input_widgets.py" line="+43"/>
        <source>义务人</source>
        <translation>Obligor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>履行内容</source>
        <translation>What</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>金额(元)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>履行期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>增加一项</source>
        <translation>Add one</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <location filename="../../ui/wall/panel.py" line="+62"/>
        <source>数据更新于 {time}</source>
        <translation>Data as of {time}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>暂无数据</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>数据未更新（截至 {time}）</source>
        <translation>Not updated (as of {time})</translation>
    </message>
</context>
<context>
    <name>Paper</name>
    <message>
        <location filename="../../ui/paper/engine.py" line="+71"/>
        <source>无法写入文件：%1</source>
        <extracomment>Page margins in millimetres: inside what office printers can reach (they lose 4–6 mm). Bands for the running head and foot, in millimetres, inside the margins.</extracomment>
        <translation>Cannot write the file: %1</translation>
    </message>
    <message>
        <location filename="../../ui/paper/fonts.py" line="+31"/>
        <source>无法加载打印字体 %1，请重新安装程序</source>
        <translation>Cannot load the print font %1; please reinstall the program</translation>
    </message>
</context>
<context>
    <name>PartyEditor</name>
    <message>
        <location filename="../../ui/mediation/party_editor.py" line="+33"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>姓名/名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>在人口台账中按姓名查找</source>
        <translation>Find by name in the people ledger</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>加为当事人</source>
        <translation>Add as party</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>增加一行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>台账中没有找到</source>
        <translation>Not found in the ledger</translation>
    </message>
</context>
<context>
    <name>PendingAttachments</name>
    <message>
        <location filename="../../ui/cases/attachments_strip.py" line="+38"/>
        <source>添加照片或文件</source>
        <translation>Add photos or files</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>部分附件未能恢复：</source>
        <translation>Some attachments could not be restored: </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>部分文件未能添加：</source>
        <translation>Some files could not be added: </translation>
    </message>
</context>
<context>
    <name>PeopleFilterBar</name>
    <message>
        <location filename="../../ui/people/filter_bar.py" line="+46"/>
        <source>姓名、拼音首字母、身份证号或电话后几位</source>
        <translation>Name, pinyin initials, ID or phone digits</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>全部街道/社区/网格</source>
        <translation>All streets/communities/grids</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>全部楼栋</source>
        <translation>All buildings</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>先选择街道、社区或网格</source>
        <translation>Choose a street, community or grid first</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部人员类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>全部人员类型</source>
        <translation>All residence types</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>全部年龄段</source>
        <translation>All ages</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{band}岁</source>
        <translation>Age {band}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>区域</source>
        <translation>Area</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../../ui/people/ledger_model.py" line="+58"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>人员类型</source>
        <translation>Residence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>楼栋/房号</source>
        <translation>Building / room</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>人员类别</source>
        <translation>Categories</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{age}岁</source>
        <translation>{age}</translation>
    </message>
    <message>
        <location line="+166"/>
        <source>此列不能排序（可用上方的筛选）</source>
        <translation>Not sortable (use the filters above)</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <location filename="../../ui/people/people_page.py" line="+63"/>
        <source>没有符合条件的人员</source>
        <translation>No residents match</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>人口台账</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别与别名</source>
        <translation>Categories and aliases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导入Excel</source>
        <translation>Import Excel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>导出Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新增人员</source>
        <translation>Add resident</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>人员台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待走访</source>
        <translation>Visits due</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>读取人口台账失败：{m}</source>
        <translation>Could not read the ledger: {m}</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>（无查看完整信息的权限：证件号、电话已遮蔽，出生日期以年龄代替）</source>
        <translation> (without the permission to see full details: ID numbers and phones masked, ages instead of birth dates)</translation>
    </message>
    <message>
        <location line="-162"/>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>共 {n}+ 人</source>
        <translation>{n}+ residents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>统计总数</source>
        <translation>count all</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>共 {n} 人</source>
        <translation>{n} residents</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>导入人口台账</source>
        <translation>Import resident ledger</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>表格文件 (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>导出人口台账</source>
        <translation>Export resident ledger</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>人口台账.xlsx</source>
        <translation>residents.xlsx</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>已导出 {n} 人到 {path}</source>
        <translation>Exported {n} residents to {path}</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <location filename="../../ui/reports/period_picker.py" line="+28"/>
        <source>月度</source>
        <translation>Month</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>季度</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>统计期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>{n} 月</source>
        <translation>Month {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>第一季度</source>
        <translation>Q1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>第二季度</source>
        <translation>Q2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>第三季度</source>
        <translation>Q3</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>第四季度</source>
        <translation>Q4</translation>
    </message>
</context>
<context>
    <name>PersonCard</name>
    <message>
        <location filename="../../ui/people/card_texts.py" line="+20"/>
        <source>（{n}岁）</source>
        <extracomment>history fields that are ids of places; their values mean nothing to a reader</extracomment>
        <translation> ({n})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>楼栋/房号</source>
        <translation>Building / room</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>户籍地</source>
        <translation>Registered address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{label}已变更</source>
        <translation>{label} changed</translation>
    </message>
</context>
<context>
    <name>PersonCardView</name>
    <message>
        <location filename="../../ui/people/person_card.py" line="+87"/>
        <source>在左侧列表中选择一个人员，查看详情</source>
        <translation>Choose a resident in the list to see the details</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>登记走访</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>纠纷</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>此人作为当事人的矛盾纠纷</source>
        <translation>Disputes this person is a party to</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示完整号码</source>
        <translation>Show full numbers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>显示完整的身份证号、电话、出生日期和敏感类别；需要权限，并记入审计日志</source>
        <translation>Show the full ID number, phone, birth date and sensitive categories; needs the permission and is audited</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+3"/>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>房号/姓名</source>
        <translation>Room / name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>关系</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>类别/项目</source>
        <translation>Category / item</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>走访日期</source>
        <translation>Visited on</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+22"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>走访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发现问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>变更内容</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>上报时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>同户成员</source>
        <translation>Household</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>楼栋住户</source>
        <translation>Building</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>变更</source>
        <translation>History</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>案件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>{n}岁</source>
        <translation>{n} y</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>（未填房号）</source>
        <translation>(no room)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>一般走访</source>
        <translation>General visit</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{a} 至 {b}</source>
        <translation>{a} to {b}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>自 {a}</source>
        <translation>since {a}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>人员类别：{names}</source>
        <translation>Categories: {names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已显示完整号码（已记入审计日志）</source>
        <translation>Full numbers shown (written to the audit log)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>无法显示完整号码：{e}</source>
        <translation>Cannot show full numbers: {e}</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/people/person_form.py" line="+40"/>
        <source>姓名</source>
        <extracomment>text fields: key, label (source texts of context PersonForm)</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>房号</source>
        <translation>Room</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>户号</source>
        <translation>Household no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>与户主关系</source>
        <translation>Relation to head</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>户籍地</source>
        <translation>Registered address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>人员类型</source>
        <translation>Residence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>编辑人员：{name}</source>
        <extracomment>the service&apos;s error field → the form&apos;s field</extracomment>
        <translation>Edit resident: {name}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>新增人员</source>
        <translation>Add resident</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>（未指定）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>如 1985-03-12；留空则按身份证号</source>
        <translation>e.g. 1985-03-12; blank: from the ID number</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>人员类别</source>
        <translation>Categories</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>不显示（不修改请留空）</source>
        <translation>Hidden (leave empty to keep)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{masked}（不修改请留空）</source>
        <translation>{masked} (leave blank to keep)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>未填写</source>
        <translation>not given</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>保存失败：{message}</source>
        <translation>Could not save: {message}</translation>
    </message>
</context>
<context>
    <name>PointField</name>
    <message>
        <location filename="../../ui/map/point_field.py" line="+23"/>
        <source>在地图上选点</source>
        <translation>Pick on map</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>清除坐标</source>
        <translation>Clear coordinates</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>未选点（可在地图上点选，所属网格随之自动填写）</source>
        <translation>No point picked (pick one on the map; the grid is filled in from it)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>经度 {lon:.6f}，纬度 {lat:.6f}</source>
        <translation>Longitude {lon:.6f}, latitude {lat:.6f}</translation>
    </message>
</context>
<context>
    <name>PrintButtons</name>
    <message>
        <location filename="../../ui/paper/buttons.py" line="+23"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../ui/paper/preview.py" line="+46"/>
        <source>打印预览 - {0}</source>
        <translation>Print preview - {0}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>保存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>已保存 {0}（共 {1} 页）</source>
        <translation>Saved {0} ({1} pages)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>无法打印</source>
        <translation>Cannot print</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../ui/cases/queue_model.py" line="+52"/>
        <source>编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩余时间</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上报时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+251"/>
        <source>读取中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>（暂停）</source>
        <translation> (paused)</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../ui/cases/queue_page.py" line="+87"/>
        <source>案件队列</source>
        <extracomment>after a light changes on screen, wait this long before re-reading (several may turn together)</extracomment>
        <translation>Case queue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>受理登记</source>
        <translation>New case</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>没有符合条件的案件</source>
        <translation>No matching cases</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>共 {n} 件</source>
        <translation>{n} cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>红灯 {n}</source>
        <translation>Red {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>黄灯 {n}</source>
        <translation>Yellow {n}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>读取案件失败：{message}</source>
        <translation>Could not read the cases: {message}</translation>
    </message>
</context>
<context>
    <name>RegisterForm</name>
    <message>
        <location filename="../../ui/mediation/register_form.py" line="+41"/>
        <source>登记纠纷</source>
        <translation>Register dispute</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>（关联案件 {no}）</source>
        <translation> (linked to case {no})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>移送、委派的单位</source>
        <translation>Referring body</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>对方文号</source>
        <translation>Their reference no.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>已知</source>
        <translation>Known</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+4"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>未填</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{c}色</source>
        <translation>{c}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>按社区自动确定</source>
        <translation>By community (automatic)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>（不指定）</source>
        <translation>(not specified)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>纠纷类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>移送单位/文号</source>
        <translation>Referred by / no.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>简要案情</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当事人请求</source>
        <translation>Request</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>发生地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发生时间</source>
        <translation>Arose</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>当事人</source>
        <translation>Parties</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>涉及金额(元)/人数</source>
        <translation>Amount (yuan) / people</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>风险标记</source>
        <translation>Risk flags</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预警等级</source>
        <translation>Warning level</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>社区/村</source>
        <translation>Community</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>调解组织</source>
        <translation>Committee</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>登记失败：{m}</source>
        <translation>Registering failed: {m}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/reports/reports_page.py" line="+51"/>
        <source>统计考核</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>社区</source>
        <translation>Communities</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>街道</source>
        <translation>Streets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格员</source>
        <translation>Grid workers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+168"/>
        <source>导出 Excel</source>
        <translation>Export Excel</translation>
    </message>
    <message>
        <location line="-167"/>
        <location line="+186"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location line="-185"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>统计单位</source>
        <translation>Level</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>考核表</source>
        <translation>Table</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>正在统计 {period}……</source>
        <translation>Computing {period}…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{period}（{first} 至 {last}）· {level} {n} 个，参与评分 {scored} 个 · 按综合得分排名；点击单位或数字查看计入的案件</source>
        <translation>{period} ({first} to {last}) · {level}: {n}, {scored} scored · ranked by score; click a unit or a number to see the cases it counts</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>{level}考核表{first}至{last}</source>
        <translation>{level} assessment {first} to {last}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>正在导出……</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/settings/account_dialogs.py" line="+18"/>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>至少 8 位，含字母和数字</source>
        <translation>At least 8 characters, letters and digits</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>账户下次登录时须修改为只有本人知道的密码；锁定也一并解除。</source>
        <translation>At its next login the account must change to a password only its owner knows; a lock is lifted too.</translation>
    </message>
</context>
<context>
    <name>RetentionBox</name>
    <message>
        <location filename="../../ui/settings/retention_box.py" line="+26"/>
        <source> 个月</source>
        <extracomment>the setting&apos;s range (app.cases.retention.MONTHS_RANGE; not imported so that the tab stays light)</extracomment>
        <translation> months</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一直保留</source>
        <translation>Keep always</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>结案案件的报告人电话保留</source>
        <translation>Keep closed cases&apos; reporter phones for</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>数据保留</source>
        <translation>Data retention</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件结案满所设月数后，程序每天自动清除其报告人电话（案件和报告人姓名保留），清除条数记入审计日志；设为 0 则一直保留。也可用命令 gridcc db retention 执行。</source>
        <translation>Once a case has been closed for the set number of months, the program clears its reporter&apos;s phone in a daily run (the case and the reporter&apos;s name stay); the count is written to the audit log; 0 keeps phones. The command gridcc db retention does the same.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>✔ 已保存</source>
        <translation>✔ Saved</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>✔ 已保存：报告人电话一直保留</source>
        <translation>✔ Saved: reporter phones are kept</translation>
    </message>
</context>
<context>
    <name>RolesTab</name>
    <message>
        <location filename="../../ui/settings/roles_tab.py" line="+48"/>
        <source>保存角色权限</source>
        <translation>Save role permissions</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>角色权限</source>
        <translation>Role permissions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>勾选每个角色可以做的事。页面权限决定能否打开该页面；修改在账户下次登录时生效。系统管理员始终保留“管理账户与角色权限”。</source>
        <translation>Tick what each role may do. A page permission decides whether the page opens; changes take effect at an account&apos;s next login. The administrator always keeps “Manage accounts and roles”.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>没有改动</source>
        <translation>No changes</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>✔ 已保存 {count} 个角色的权限（已记入审计日志）</source>
        <translation>✔ Saved the permissions of {count} roles (written to the audit log)</translation>
    </message>
</context>
<context>
    <name>ScreeningView</name>
    <message>
        <location filename="../../ui/mediation/screening_view.py" line="+32"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+28"/>
        <source>社区/村</source>
        <translation>Community</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>所属街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>排查情况说明（可不填）</source>
        <translation>Notes (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>提交排查报告</source>
        <translation>File report</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>零报告</source>
        <translation>Zero report</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>未报告的社区/村</source>
        <translation>Communities not reported</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>填报排查情况</source>
        <translation>Screening report</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>排查发现纠纷(件)</source>
        <translation>Disputes found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>预防纠纷(件)</source>
        <translation>Disputes prevented</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>零报告：本期未发现矛盾纠纷，也须报告。同一期再次报告即更正。</source>
        <translation>Zero report: a period without disputes found must be reported too. Reporting a period again corrects it.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>报告期 {period}：{n} 个未报告</source>
        <translation>Period {period}: {n} not reported</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>请选择社区/村</source>
        <translation>Choose a community</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>已更正 {c} {p} 的排查报告（发现 {n} 件）</source>
        <translation>Corrected the report of {c} for {p} ({n} found)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>已提交 {c} {p} 的排查报告（发现 {n} 件）</source>
        <translation>Filed the report of {c} for {p} ({n} found)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>提交失败：{m}</source>
        <translation>Filing failed: {m}</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../ui/first_run/database_pages.py" line="+17"/>
        <source>指挥中心服务器</source>
        <translation>The center&apos;s server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>填写管理员提供的服务器地址，测试通过后才能继续。</source>
        <translation>Enter the server address from your administrator; it must pass a test before you go on.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>服务器上的数据库须由管理员先运行 gridcc --db 地址 db upgrade 初始化。</source>
        <translation>The administrator first initialises the server&apos;s database with gridcc --db ADDRESS db upgrade.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>正在测试连接……</source>
        <translation>Testing the connection…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="+8"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>工作日历</source>
        <translation>Working calendar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>地图</source>
        <translation>Map</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>考核权重</source>
        <translation>Assessment weights</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>辖区</source>
        <translation>District</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>大屏</source>
        <translation>Wall</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>角色权限</source>
        <translation>Role permissions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>StartupSplash</name>
    <message>
        <location filename="../../ui/splash.py" line="+52"/>
        <source>网格化管理指挥中心</source>
        <extracomment>progress(message, done, total), callable from any thread</extracomment>
        <translation>Grid Command Center</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件调度 · 红黄绿灯督办 · 人口台账</source>
        <translation>Case dispatch · deadline lights · resident ledger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>正在启动…</source>
        <translation>Starting…</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <location filename="../../ui/mediation/stats_view.py" line="+38"/>
        <source>按纠纷类型</source>
        <translation>By type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按调处层级</source>
        <translation>By level</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>导出Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>统计期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>分类</source>
        <translation>Group</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>统计失败：{m}</source>
        <translation>Counting failed: {m}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>本月排查 {r} 次，发现纠纷 {f} 件，预防 {p} 件；年度累计排查 {yr} 次，发现 {yf} 件，预防 {yp} 件</source>
        <translation>This month: {r} screenings, {f} disputes found, {p} prevented; year to date: {yr} screenings, {yf} found, {yp} prevented</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>本月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>年度累计</source>
        <translation>Year to date</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>导出情况表</source>
        <translation>Export the table</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>矛盾纠纷排查调处情况表{y}-{m:02d}.xlsx</source>
        <translation>dispute-table-{y}-{m:02d}.xlsx</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="+12"/>
        <source>星期一</source>
        <extracomment>weekday names, Monday first (source texts, translated when shown)</extracomment>
        <translation>Mon</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>数据库：</source>
        <translation>Database: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>当前用户：</source>
        <translation>User: </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{name}（{role} · {scope}）</source>
        <translation>{name} ({role} · {scope})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{date} {weekday} {time}</source>
        <translation>{weekday} {date} {time}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>已连接</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>连接中断</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>数据库正被另一工作站写入，等待中…</source>
        <translation>The database is being written by another workstation; waiting…</translation>
    </message>
</context>
<context>
    <name>SubmitDialog</name>
    <message>
        <location filename="../../ui/settings/account_dialogs.py" line="-79"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../ui/sync/indicator.py" line="+49"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>已同步 {time}</source>
        <translation>Synced {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待推送 {count}</source>
        <translation>{count} to push</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>冲突 {count}</source>
        <translation>{count} conflicts</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>离线副本：服务器 {server}，本机工作站 {desk}</source>
        <translation>Offline replica: server {server}, this desk {desk}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>上次同步：{time}</source>
        <translation>Last sync: {time}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>点击查看同步日志与冲突</source>
        <translation>Click for the sync log and conflicts</translation>
    </message>
</context>
<context>
    <name>SyncLogView</name>
    <message>
        <location filename="../../ui/sync/sync_page.py" line="+40"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>推送</source>
        <translation>Pushed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>拉取</source>
        <translation>Pulled</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>用时（秒）</source>
        <translation>Seconds</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location line="+25"/>
        <source>冲突处理</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同步日志</source>
        <translation>Sync log</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>离线同步</source>
        <translation>Offline sync</translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <location filename="../../ui/sync/settings_tab.py" line="+56"/>
        <source>离线同步</source>
        <translation>Offline sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机直接连接数据库服务器，修改即时保存在服务器上，无需同步。各离线副本的冲突在“离线同步”页面处理。</source>
        <translation>This desk works directly on the database server: changes are saved on the server at once, nothing to sync. The offline replicas&apos; conflicts are settled on the “Offline sync” page.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✔ 同步完成</source>
        <translation>✔ Synced</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>保存间隔</source>
        <translation>Save interval</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>自动同步间隔：</source>
        <translation>Sync automatically every:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>离线副本</source>
        <translation>Offline replica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本机在离线副本上工作：修改先保存在本机，与服务器连通时自动推送并拉取其他工作站的修改；本机有修改约 2 秒后、服务器上有其他工作站的修改时也会立即同步。</source>
        <translation>This desk works on an offline replica: changes are saved here first and, whenever the server answers, pushed automatically while the other desks&apos; changes are pulled; a sync also runs about 2 s after a change here and as soon as another desk changes something on the server.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>postgresql://用户:密码@服务器:5432/库名</source>
        <translation>postgresql://user:password@server:5432/database</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+8"/>
        <source>设为离线副本</source>
        <translation>Make this an offline replica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>离线副本模式：本机的 SQLite 文件保存服务器数据的副本，网络中断时照常登记和办理，恢复连接后自动与服务器同步；同一字段两边都改过时列为冲突，由有权限的人员处理。只有尚无业务数据（案件、人员、纠纷）的新文件才能设为副本。</source>
        <translation>Offline replica mode: this desk&apos;s SQLite file keeps a copy of the server&apos;s data, so cases are registered and handled as usual while the network is down, and synced with the server when it is back; a field changed on both sides becomes a conflict for a person with the permission to settle. Only a new file without cases, people or disputes can become a replica.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>服务器：{server}&#x3000;本机工作站：{desk}</source>
        <translation>Server: {server}   This desk: {desk}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态：{state}&#x3000;上次同步：{last}</source>
        <translation>State: {state}   Last sync: {last}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>待推送修改：{pending}&#x3000;未处理冲突：{conflicts}</source>
        <translation>Changes to push: {pending}   Open conflicts: {conflicts}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>✔ 已保存：每 {seconds} 秒自动同步</source>
        <translation>✔ Saved: sync every {seconds} s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>重新启动程序后开始同步</source>
        <translation>Syncing starts when the program is restarted</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在测试连接…</source>
        <translation>Testing the connection…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>✖ 请填写服务器地址</source>
        <translation>✖ Enter the server&apos;s address</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>正在从服务器复制数据…</source>
        <translation>Copying the server&apos;s data…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>正在从服务器复制数据…已复制 {rows} 行（{table}）</source>
        <translation>Copying the server&apos;s data… {rows} rows copied ({table})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✔ 已设为离线副本（本机工作站 {desk}，复制 {rows} 行）；重新启动程序后开始自动同步</source>
        <translation>✔ This is now an offline replica (desk {desk}, {rows} rows copied); automatic sync starts when the program is restarted</translation>
    </message>
</context>
<context>
    <name>TileRow</name>
    <message>
        <location filename="../../ui/wall/tiles.py" line="-36"/>
        <source>今日上报</source>
        <extracomment>the tiles&apos; labels (source texts, translated where shown)</extracomment>
        <translation>Reported today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日立案</source>
        <translation>Registered today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日派遣</source>
        <translation>Dispatched today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日结案</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今日超期</source>
        <translation>Overdue today</translation>
    </message>
</context>
<context>
    <name>UnitCasesModel</name>
    <message>
        <location filename="../../ui/reports/unit_cases_model.py" line="+46"/>
        <source>编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上报时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>处置时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>结案时间</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+74"/>
        <source>超时</source>
        <translation>Late</translation>
    </message>
</context>
<context>
    <name>UnitCasesPanel</name>
    <message>
        <location filename="../../ui/reports/unit_cases_panel.py" line="+37"/>
        <location line="+41"/>
        <source>点击上表中的单位或数字，查看计入该指标的案件</source>
        <extracomment>the figure a click on a column lists: the column&apos;s own count, or the count a rate is made of</extracomment>
        <translation>Click a unit or a number in the table above to see the cases it counts</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>超期数</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>期内结案（处置时长）</source>
        <translation>Closed in the period (handling time)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{unit}：正在读取……</source>
        <translation>{unit}: reading…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{level}“{unit}” · {figure}：{n} 件</source>
        <translation>{level} “{unit}” · {figure}: {n} cases</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../ui/people/visit_dialog.py" line="+38"/>
        <source>登记走访：{name}</source>
        <translation>Record visit: {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>一般走访（不限类别）</source>
        <translation>General visit (any category)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>走访了解的情况</source>
        <translation>What the visit found out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发现的问题、需要跟进的事项（可不填）</source>
        <translation>Problems found, things to follow up (optional)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>走访日期</source>
        <translation>Visited on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>走访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>走访内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>发现问题</source>
        <translation>Findings</translation>
    </message>
</context>
<context>
    <name>VisitsDueView</name>
    <message>
        <location filename="../../ui/people/visits_view.py" line="+176"/>
        <source>全部灯色</source>
        <translation>All lights</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>登记走访</source>
        <translation>Record visit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>读取失败：{m}</source>
        <translation>Could not read: {m}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{label} {n}</source>
        <translation>{label} {n}</translation>
    </message>
</context>
<context>
    <name>VisitsModel</name>
    <message>
        <location line="-170"/>
        <source>亮灯</source>
        <translation>Light</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>人员类别</source>
        <translation>Categories</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>上次走访</source>
        <translation>Last visit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>应走访日期</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>剩余</source>
        <translation>Left</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>从未走访</source>
        <translation>never visited</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>今天到期</source>
        <translation>due today</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>剩 {n} 天</source>
        <translation>{n} d left</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>超 {n} 天</source>
        <translation>{n} d overdue</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>无</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>WaitingCard</name>
    <message>
        <location filename="../../ui/dispatch/light_columns.py" line="+160"/>
        <source>派遣至 {0}</source>
        <translation>Dispatch to {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>一键派遣至类别的默认部门（Ctrl+D）</source>
        <translation>Dispatch to the category&apos;s default department (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>打开核实</source>
        <translation>Open to verify</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>打开立案</source>
        <translation>Open to register</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>打开案件</source>
        <translation>Open case</translation>
    </message>
</context>
<context>
    <name>WaitingStrip</name>
    <message>
        <location line="+57"/>
        <source>当前没有等待核实、立案或派遣的案件</source>
        <translation>No cases waiting for verification, registration or dispatch</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>待调度 {0} 件</source>
        <translation>{0} awaiting dispatch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>其中紧急/特急 {0} 件</source>
        <translation>{0} of them urgent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>此处显示前 {0} 件，其余见案件队列</source>
        <translation>showing the first {0}; the case queue has the rest</translation>
    </message>
</context>
<context>
    <name>WallMap</name>
    <message>
        <location filename="../../ui/wall/map_panel.py" line="+41"/>
        <source>正在载入地图……</source>
        <extracomment>the body size (px) at which the page is drawn at 100 %: markers and labels grow with the wall&apos;s type</extracomment>
        <translation>Loading the map…</translation>
    </message>
</context>
<context>
    <name>WallPages</name>
    <message>
        <location filename="../../ui/wall/pages.py" line="+39"/>
        <source>红黄灯案件</source>
        <extracomment>bars the ranking and the breakdowns show at most</extracomment>
        <translation>Red and yellow cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>一张图 · 网格亮灯</source>
        <translation>Map · grid lights</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>地图未启用</source>
        <translation>Map not enabled</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>近{n}日立案与结案</source>
        <translation>Registered and closed, last {n} days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>矛盾纠纷调解</source>
        <translation>Dispute mediation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>部门按期结案率（近{n}日）</source>
        <translation>Departments by on-time closure rate (last {n} days)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件类别（近{n}日）</source>
        <translation>Categories (last {n} days)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>案件来源（近{n}日）</source>
        <translation>Sources (last {n} days)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>实时态势</source>
        <translation>Live situation</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>分析研判</source>
        <translation>Analysis</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>  红 {red} · 黄 {yellow}</source>
        <translation>  red {red} · yellow {yellow}</translation>
    </message>
</context>
<context>
    <name>WallTab</name>
    <message>
        <location filename="../../ui/settings/wall_tab.py" line="+40"/>
        <source>第 {n} 块屏幕：{name}（{w}×{h}）</source>
        <translation>Screen {n}: {name} ({w}×{h})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> 米</source>
        <translation> m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> 英寸</source>
        <translation> in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>按屏幕报告的尺寸</source>
        <translation>As the screen reports</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>不翻页</source>
        <translation>No rotation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> 次/秒</source>
        <translation> per second</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>在以下时段调暗大屏</source>
        <translation>Dim the wall between</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> 时</source>
        <translation> h</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存大屏设置</source>
        <translation>Save wall settings</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>大屏</source>
        <translation>Wall</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>显示器</source>
        <translation>Screen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>最远观看距离</source>
        <translation>Farthest viewing distance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>屏幕对角线</source>
        <translation>Panel diagonal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>翻页间隔</source>
        <translation>Page rotation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新红灯、紧急案件闪烁</source>
        <translation>Flash new red and urgent cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>亮度</source>
        <translation>brightness</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>字号按最远观看距离计算（每个字至少占 16 角分，约为 5 米处 23 毫米），与屏幕缩放比例无关。闪烁每秒不超过 3 次，到时停止，案件保持标记。</source>
        <translation>Text is sized from the farthest viewing distance (each character at least 16 arcminutes, about 23 mm at 5 m), whatever the screen scaling. Flashing is at most 3 times a second, stops after the set time, and the case stays marked.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>在该屏幕上：正文 {body} 像素，标题数字 {headline} 像素（字高至少 {glyph} 像素）。</source>
        <translation>On this screen: body text {body} px, headline figures {headline} px (characters at least {glyph} px high).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>该屏幕太小，在此距离上无法看清，已按屏幕能容纳的最大字号显示。</source>
        <translation>This screen is too small to be read from that distance; the largest text that fits is used.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>✔ 已保存，下次打开大屏时生效</source>
        <translation>✔ Saved; applies the next time the wall opens</translation>
    </message>
</context>
<context>
    <name>WallTrend</name>
    <message>
        <location filename="../../ui/wall/charts.py" line="+40"/>
        <source>立案</source>
        <extracomment>day labels on the trend&apos;s axis at most (a wide wall label takes room) unit names longer than this are cut with &apos;…&apos; (the bars need the room)</extracomment>
        <translation>Registered</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>结案</source>
        <translation>Closed</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <location filename="../../ui/wall/window.py" line="+31"/>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>网格化管理指挥中心 · 大屏</source>
        <extracomment>announcements shown at once at most (the newest)</extracomment>
        <translation>Grid Command Center · Wall</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>网格化管理指挥中心 · 城市运行态势</source>
        <translation>Grid Command Center · City situation</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>数据库连接中断，正在自动重连…… 画面数字截至 {time}，可能已过时</source>
        <translation>Database connection lost, reconnecting… Figures as of {time} may be out of date</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>紧急案件到达：{no} {category} · {grid}</source>
        <translation>Urgent case arrived: {no} {category} · {grid}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>案件转为红灯：{no} {category} · {grid}</source>
        <translation>Case turned red: {no} {category} · {grid}</translation>
    </message>
</context>
</TS>
