/* eslint-disable */
import * as types from './graphql';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  query SearchRequestersPersonal($query: String!, $purpose: String!, $first: Int) {\n    searchRequesters(query: $query, purpose: $purpose, first: $first) {\n      id\n      kind\n      createdAt\n      personalData(purpose: $purpose) {\n        name\n        fiscalCode\n        email\n        pec\n        phone\n      }\n    }\n  }\n': typeof types.SearchRequestersPersonalDocument;
  '\n  query SearchRequestersIds($query: String!, $purpose: String!, $first: Int) {\n    searchRequesters(query: $query, purpose: $purpose, first: $first) {\n      id\n      kind\n    }\n  }\n': typeof types.SearchRequestersIdsDocument;
  '\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      id\n    }\n  }\n': typeof types.CreateCampaignDocument;
  '\n  query CampaignReadability($text: String!) {\n    campaignReadability(text: $text) {\n      gulpease\n      level\n      words\n      sentences\n      suggestions\n    }\n  }\n': typeof types.CampaignReadabilityDocument;
  '\n  query CampaignSegmentPreview($segment: CampaignSegmentInput!, $channel: CampaignChannel!) {\n    campaignSegmentPreview(segment: $segment, channel: $channel) {\n      count\n      consenting\n      excludedDoNotContact\n      excludedAnonymised\n      excludedNotInSegment\n    }\n  }\n': typeof types.CampaignSegmentPreviewDocument;
  '\n  query CampaignList($status: CampaignStatus, $first: Int) {\n    campaigns(status: $status, first: $first) {\n      id\n      title\n      status\n      startsAt\n      channels\n      authorId\n      deliveryStats {\n        sent\n        delivered\n        bounced\n      }\n    }\n  }\n': typeof types.CampaignListDocument;
  '\n  query CampaignDetail($id: ID!) {\n    campaign(id: $id) {\n      id\n      revision\n      title\n      goal\n      topics\n      channels\n      segment {\n        topics\n        areas\n        servicesUsed\n      }\n      steps {\n        stepId\n        channel\n        waitHours\n        subject\n        body\n        dueAt\n        readability {\n          gulpease\n          level\n          suggestions\n        }\n        progress {\n          startedAt\n          completedAt\n          recipients\n          sent\n          bounced\n          skipped\n        }\n      }\n      startsAt\n      endsAt\n      ownerId\n      authorId\n      status\n      approvedBy\n      approvedAt\n      launchedAt\n      completedAt\n      history {\n        action\n        by\n        at\n        note\n      }\n      deliveryStats {\n        queued\n        sent\n        delivered\n        bounced\n        opened\n        clicked\n        unsubscribed\n      }\n      effect {\n        changeDuringVsBeforePercent\n        changeDuringVsPreviousYearPercent\n        windows {\n          label\n          from\n          to\n          complete\n          contactsOnTopics\n          sheetUsage\n          allContacts\n          previousYear {\n            contactsOnTopics\n          }\n        }\n      }\n    }\n  }\n': typeof types.CampaignDetailDocument;
  '\n  mutation SubmitCampaign($id: ID!) {\n    submitCampaign(id: $id) {\n      id\n      status\n    }\n  }\n': typeof types.SubmitCampaignDocument;
  '\n  mutation ApproveCampaign($id: ID!) {\n    approveCampaign(id: $id) {\n      id\n      status\n    }\n  }\n': typeof types.ApproveCampaignDocument;
  '\n  mutation RejectCampaign($id: ID!, $reason: String!) {\n    rejectCampaign(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n': typeof types.RejectCampaignDocument;
  '\n  mutation ScheduleCampaign($id: ID!, $startsAt: String) {\n    scheduleCampaign(id: $id, startsAt: $startsAt) {\n      id\n      status\n    }\n  }\n': typeof types.ScheduleCampaignDocument;
  '\n  mutation UnscheduleCampaign($id: ID!) {\n    unscheduleCampaign(id: $id) {\n      id\n      status\n    }\n  }\n': typeof types.UnscheduleCampaignDocument;
  '\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) {\n      id\n      status\n    }\n  }\n': typeof types.PauseCampaignDocument;
  '\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) {\n      id\n      status\n    }\n  }\n': typeof types.ResumeCampaignDocument;
  '\n  mutation CompleteCampaign($id: ID!) {\n    completeCampaign(id: $id) {\n      id\n      status\n    }\n  }\n': typeof types.CompleteCampaignDocument;
  '\n  mutation ArchiveCampaign($id: ID!) {\n    archiveCampaign(id: $id) {\n      id\n      status\n    }\n  }\n': typeof types.ArchiveCampaignDocument;
  '\n  query CaseDetail($id: ID!) {\n    case(id: $id) {\n      id\n      protocolNumber\n      type\n      channel\n      status\n      statusLabel\n      priority\n      officeName\n      referentName\n      openedAt\n      dueAt\n      overdue\n      suspended\n      suspendedDays\n      closedAt\n      outcome\n      withinTerm\n      contact {\n        subject\n        text\n      }\n      history {\n        at\n        by\n        action\n        detail\n        dueAt\n      }\n      notes {\n        id\n        at\n        by\n        text\n      }\n      messages {\n        id\n        at\n        by\n        text\n        request\n      }\n      alerts\n      procedureStartRefusal {\n        code\n        reason\n        procedureTypeCode\n        at\n      }\n      deliveries {\n        notificationId\n        channel\n        template\n        status\n        code\n        attempts\n        at\n      }\n    }\n    cannedReplies(caseId: $id) {\n      templateId\n      title\n      text\n      missingPlaceholders\n    }\n  }\n': typeof types.CaseDetailDocument;
  '\n  mutation SendCaseMessage($input: SendCaseMessageInput!) {\n    sendCaseMessage(input: $input) {\n      id\n    }\n  }\n': typeof types.SendCaseMessageDocument;
  '\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      id\n    }\n  }\n': typeof types.AddCaseNoteDocument;
  '\n  mutation SuspendCase($input: SuspendCaseInput!) {\n    suspendCase(input: $input) {\n      id\n    }\n  }\n': typeof types.SuspendCaseDocument;
  '\n  mutation ResumeCase($input: CaseIdInput!) {\n    resumeCase(input: $input) {\n      id\n    }\n  }\n': typeof types.ResumeCaseDocument;
  '\n  mutation CloseCase($input: CloseCaseInput!) {\n    closeCase(input: $input) {\n      id\n    }\n  }\n': typeof types.CloseCaseDocument;
  '\n  mutation RouteCase($input: RouteCaseInput!) {\n    routeCase(input: $input) {\n      id\n    }\n  }\n': typeof types.RouteCaseDocument;
  '\n  mutation ReopenCase($input: ReopenCaseInput!) {\n    reopenCase(input: $input) {\n      id\n    }\n  }\n': typeof types.ReopenCaseDocument;
  '\n  query CaseDirectory {\n    offices {\n      id\n      name\n      active\n      referents {\n        id\n        name\n        staffId\n        active\n      }\n    }\n  }\n': typeof types.CaseDirectoryDocument;
  '\n  query DashboardIndicators($filter: IndicatorFilter) {\n    contactVolumes(filter: $filter) {\n      month\n      channel\n      contactType\n      contacts\n    }\n    firstContactResolution(filter: $filter) {\n      month\n      closed\n      resolvedAtFirstContact\n    }\n    backlog(filter: $filter) {\n      officeId\n      open\n      overdue\n      suspended\n    }\n    caseTimes(filter: $filter, groupBy: NONE) {\n      key\n      closed\n      withinTermShare\n      closureMedianDays\n      closureP90Days\n      firstResponseMedianDays\n      belowMinimumSample\n    }\n    satisfactionIndicators(filter: $filter, groupBy: NONE) {\n      key\n      answered\n      responseRate\n      satisfiedShare\n      neutralShare\n      dissatisfiedShare\n      meanStars\n      belowMinimumSample\n    }\n  }\n': typeof types.DashboardIndicatorsDocument;
  '\n  query OfficeNames {\n    offices {\n      id\n      name\n    }\n  }\n': typeof types.OfficeNamesDocument;
  '\n  query ImprovementBoard {\n    satisfactionAlerts(first: 50) {\n      id\n      scope\n      scopeId\n      measure\n      value\n      threshold\n      sampleSize\n      windowStart\n      windowEnd\n      raisedAt\n    }\n    improvementActions(first: 50) {\n      id\n      alertId\n      scope\n      scopeId\n      title\n      description\n      status\n      dueAt\n      revision\n      createdAt\n    }\n  }\n': typeof types.ImprovementBoardDocument;
  '\n  mutation ProposeImprovementAction($input: ProposeImprovementActionInput!) {\n    proposeImprovementAction(input: $input) {\n      id\n      status\n    }\n  }\n': typeof types.ProposeImprovementActionDocument;
  '\n  mutation ChangeImprovementAction($input: ChangeImprovementActionInput!) {\n    changeImprovementAction(input: $input) {\n      id\n      status\n      revision\n    }\n  }\n': typeof types.ChangeImprovementActionDocument;
  '\n  query KbForms {\n    forms(first: 100) {\n      id\n      code\n      title\n      status\n      revision\n      version\n      versions {\n        version\n        revision\n        publishedAt\n      }\n    }\n  }\n': typeof types.KbFormsDocument;
  '\n  query KbFormVersions($id: ID!) {\n    form(id: $id) {\n      id\n      versions {\n        version\n        revision\n        title\n        publishedAt\n        fields {\n          name\n          label\n          type\n          required\n        }\n      }\n    }\n  }\n': typeof types.KbFormVersionsDocument;
  '\n  query KbTemplates($kind: ReplyTemplateKind, $status: ContentStatus) {\n    replyTemplates(kind: $kind, status: $status, first: 200) {\n      id\n      code\n      kind\n      title\n      body\n      placeholders\n      caseStatus\n      category\n      status\n      revision\n      origin\n    }\n  }\n': typeof types.KbTemplatesDocument;
  '\n  mutation KbSubmitContent($input: ContentActionInput!) {\n    submitContent(input: $input) {\n      status\n    }\n  }\n': typeof types.KbSubmitContentDocument;
  '\n  mutation KbApproveContent($input: ApproveContentInput!) {\n    approveContent(input: $input) {\n      status\n    }\n  }\n': typeof types.KbApproveContentDocument;
  '\n  fragment RejectionNoticeItem on ProcedureRejectionNotice {\n    sentOn\n    reasons\n    receivedOn\n    observationsOn\n    observations\n  }\n': typeof types.RejectionNoticeItemFragmentDoc;
  '\n  query ProcedureDetail($id: ID!) {\n    procedure(id: $id) {\n      id\n      typeName\n      kind\n      subject\n      protocolNumber\n      status\n      phase\n      receivedOn\n      responsibleName\n      officeId\n      officeName\n      permittedActs\n      legalTermDays\n      dueDate\n      latestDueDate\n      suspendedDays\n      overdue\n      type {\n        initiative\n        rejectionNoticeRequired\n      }\n      suspensions {\n        id\n        kind\n        reason\n        start\n        end\n        endedByLaw\n      }\n      decision {\n        outcome\n        reasons\n        decidedOn\n        withinTerm\n      }\n      substitute {\n        engagedOn\n        termDays\n        dueDate\n        ordinaryDueDate\n      }\n      rejectionNotice {\n        ...RejectionNoticeItem\n      }\n      earlierRejectionNotices {\n        ...RejectionNoticeItem\n      }\n      timeline {\n        at\n        type\n        summary\n        by\n        dueDate\n        previousDueDate\n      }\n    }\n  }\n': typeof types.ProcedureDetailDocument;
  '\n  query ProcedureStartNotice($id: ID!) {\n    procedureStartNotice(id: $id) {\n      text\n    }\n  }\n': typeof types.ProcedureStartNoticeDocument;
  '\n  query ProcedureNotices($id: ID!) {\n    procedure(id: $id) {\n      id\n      documents {\n        id\n        kind\n        title\n        createdAt\n        dueOn\n        notificationId\n        downloadUrl\n        delivery {\n          status\n          channel\n          code\n          at\n        }\n      }\n    }\n  }\n': typeof types.ProcedureNoticesDocument;
  '\n  query ProcedureSuspensionKinds {\n    suspensionKinds {\n      code\n      label\n      maxDays\n    }\n  }\n': typeof types.ProcedureSuspensionKindsDocument;
  '\n  mutation SuspendProcedure($id: ID!, $input: SuspendProcedureInput!) {\n    suspendProcedure(id: $id, input: $input) {\n      id\n    }\n  }\n': typeof types.SuspendProcedureDocument;
  '\n  mutation ResumeProcedure($id: ID!, $suspensionId: ID!, $on: String) {\n    resumeProcedure(id: $id, suspensionId: $suspensionId, on: $on) {\n      id\n    }\n  }\n': typeof types.ResumeProcedureDocument;
  '\n  mutation SendRejectionNotice($id: ID!, $reasons: String!, $on: String) {\n    sendRejectionNotice(id: $id, reasons: $reasons, on: $on) {\n      id\n    }\n  }\n': typeof types.SendRejectionNoticeDocument;
  '\n  mutation ReceiveObservations($id: ID!, $on: String, $text: String) {\n    receiveObservations(id: $id, on: $on, text: $text) {\n      id\n    }\n  }\n': typeof types.ReceiveObservationsDocument;
  '\n  mutation DecideProcedure($id: ID!, $input: DecideProcedureInput!) {\n    decideProcedure(id: $id, input: $input) {\n      id\n    }\n  }\n': typeof types.DecideProcedureDocument;
  '\n  fragment DeskItem on ProcedureDeskItem {\n    id\n    typeName\n    subject\n    protocolNumber\n    status\n    dueDate\n    latestDueDate\n    daysLeft\n    undeliveredNotices\n  }\n': typeof types.DeskItemFragmentDoc;
  '\n  fragment DeskPage on ProcedureDeskPage {\n    totalCount\n    endCursor\n    hasNextPage\n    items {\n      ...DeskItem\n    }\n  }\n': typeof types.DeskPageFragmentDoc;
  '\n  query ProcedureDesk {\n    procedureDesk(first: 1) {\n      responsibleId\n      total\n    }\n    byNextDeadline: procedureDeskList(list: byNextDeadline, first: 20) {\n      ...DeskPage\n    }\n    overdue: procedureDeskList(list: overdue, first: 20) {\n      ...DeskPage\n    }\n    suspended: procedureDeskList(list: suspended, first: 20) {\n      ...DeskPage\n    }\n    silentAssentForming: procedureDeskList(list: silentAssentForming, first: 20) {\n      ...DeskPage\n    }\n    undelivered: procedureDeskList(list: undelivered, first: 20) {\n      ...DeskPage\n    }\n  }\n': typeof types.ProcedureDeskDocument;
  '\n  query ProcedureDeskMore($list: ProcedureDeskList!, $first: Int!, $after: String) {\n    procedureDeskList(list: $list, first: $first, after: $after) {\n      ...DeskPage\n    }\n  }\n': typeof types.ProcedureDeskMoreDocument;
  '\n  query CaseQueue($filter: CaseQueueFilter, $first: Int, $after: String) {\n    caseQueue(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          protocolNumber\n          type\n          statusLabel\n          priority\n          dueAt\n          overdue\n          suspended\n          officeName\n          referentName\n          alerts\n          contact {\n            subject\n          }\n        }\n      }\n    }\n  }\n': typeof types.CaseQueueDocument;
  '\n  query MyReferent {\n    referents {\n      id\n      staffId\n      officeId\n      office {\n        name\n      }\n    }\n  }\n': typeof types.MyReferentDocument;
  '\n  query SheetForEdit($id: ID!) {\n    sheet(id: $id) {\n      id\n      slug\n      status\n      revision\n      publishedRevision\n      reviewDueAt\n      reviewOverdue\n      revisions {\n        revision\n        author\n        at\n        note\n      }\n      workingCopy {\n        title\n        shortDescription\n        whoIsItFor\n        howTo\n        whatYouNeed\n        whatYouGet\n        timesAndDeadlines\n        responseTimeDays\n        costs\n        accessChannels {\n          channel\n          description\n          url\n          requiresSpidCie\n          bookingRequired\n        }\n        officeIds\n        offices {\n          name\n        }\n        specialCases\n        moreInfo\n        attachments {\n          title\n          url\n          formCode\n        }\n        conditions\n        category\n        lifeEvents\n        topics\n        procedureTypeCode\n        citizenWords\n        audience\n        ownerReferentId\n        reviewIntervalMonths\n      }\n    }\n  }\n': typeof types.SheetForEditDocument;
  '\n  mutation EditSheet($input: EditSheetInput!) {\n    editSheet(input: $input) {\n      id\n      status\n      revision\n    }\n  }\n': typeof types.EditSheetDocument;
  '\n  mutation SubmitSheet($input: ContentActionInput!) {\n    submitContent(input: $input) {\n      status\n      revision\n    }\n  }\n': typeof types.SubmitSheetDocument;
  '\n  query SheetDiff($id: ID!, $from: Int!, $to: Int!) {\n    sheet(id: $id) {\n      id\n      diff(from: $from, to: $to) {\n        field\n        before\n        after\n        lines {\n          op\n          text\n        }\n      }\n    }\n  }\n': typeof types.SheetDiffDocument;
  '\n  query SheetList($filter: SheetListFilter, $first: Int!, $after: String) {\n    sheetList(filter: $filter, first: $first, after: $after) {\n      totalCount\n      endCursor\n      hasNextPage\n      items {\n        id\n        slug\n        title\n        category\n        status\n        revision\n        publishedRevision\n        reviewDueAt\n        reviewOverdue\n        owner {\n          name\n        }\n      }\n    }\n  }\n': typeof types.SheetListDocument;
  '\n  mutation ApproveSheet($input: ApproveContentInput!) {\n    approveContent(input: $input) {\n      status\n      revision\n      publishedRevision\n    }\n  }\n': typeof types.ApproveSheetDocument;
  '\n  query DeskData {\n    offices {\n      id\n      name\n      referents {\n        id\n        name\n        active\n      }\n    }\n    duePolicy {\n      contactType\n      categoryLevel1\n      days\n      workingDays\n    }\n  }\n': typeof types.DeskDataDocument;
  '\n  query DeskHolidays($year: Int!, $next: Int!) {\n    thisYear: legalHolidays(year: $year) {\n      date\n    }\n    nextYear: legalHolidays(year: $next) {\n      date\n    }\n  }\n': typeof types.DeskHolidaysDocument;
  '\n  query DeskDuplicates($input: DuplicateProbeInput!) {\n    duplicateSuggestions(input: $input) {\n      score\n      ageDays\n      reasons\n      case {\n        id\n        protocolNumber\n        statusLabel\n        officeName\n      }\n    }\n  }\n': typeof types.DeskDuplicatesDocument;
  '\n  mutation DeskMarkDuplicate($input: MarkDuplicateInput!) {\n    markDuplicate(input: $input) {\n      id\n      status\n      duplicateOf\n    }\n  }\n': typeof types.DeskMarkDuplicateDocument;
  '\n  query ContactSurvey($id: ID!) {\n    contact(id: $id) {\n      id\n      surveyInvitation {\n        id\n        status\n        channel\n        expiresAt\n      }\n    }\n  }\n': typeof types.ContactSurveyDocument;
  '\n  query KbSearch($query: String!) {\n    publicSearch(query: $query, first: 5) {\n      total\n      hits {\n        score\n        sheet {\n          id\n          slug\n          title\n          shortDescription\n          category\n          content {\n            officeIds\n          }\n        }\n      }\n    }\n  }\n': typeof types.KbSearchDocument;
  '\n  query DeskProcedureTypes {\n    procedureTypes(activeOnly: true) {\n      code\n      name\n      officeName\n      legalTermDays\n      initiative\n    }\n  }\n': typeof types.DeskProcedureTypesDocument;
  '\n  query DeskProcedureStart($id: ID!) {\n    contact(id: $id) {\n      id\n      procedureStart {\n        status\n        statusLabel\n        refusalReason\n      }\n    }\n  }\n': typeof types.DeskProcedureStartDocument;
  '\n  mutation CreateRequester($input: RequesterInput!) {\n    createRequester(input: $input) {\n      id\n      kind\n    }\n  }\n': typeof types.CreateRequesterDocument;
  '\n  mutation RegisterContact($input: RegisterContactInput!) {\n    registerContactWithSuggestions(input: $input) {\n      contact {\n        id\n        status\n        subject\n        protocolNumber\n        receiptCode\n        statusPageUrl\n        channel\n        resolvedAtFirstContact\n        sheetIds\n        type\n        procedureTypeCode\n        case {\n          id\n          protocolNumber\n          dueAt\n          officeName\n          referentName\n          statusLabel\n        }\n      }\n      duplicates {\n        score\n        ageDays\n        reasons\n        case {\n          id\n          protocolNumber\n          statusLabel\n        }\n      }\n    }\n  }\n': typeof types.RegisterContactDocument;
  '\n  mutation SendWeeklyBulletin($periodEnd: String) {\n    sendWeeklyBulletins(periodEnd: $periodEnd) {\n      periodStart\n      periodEnd\n      sent\n      skipped\n    }\n  }\n': typeof types.SendWeeklyBulletinDocument;
};
const documents: Documents = {
  '\n  query SearchRequestersPersonal($query: String!, $purpose: String!, $first: Int) {\n    searchRequesters(query: $query, purpose: $purpose, first: $first) {\n      id\n      kind\n      createdAt\n      personalData(purpose: $purpose) {\n        name\n        fiscalCode\n        email\n        pec\n        phone\n      }\n    }\n  }\n':
    types.SearchRequestersPersonalDocument,
  '\n  query SearchRequestersIds($query: String!, $purpose: String!, $first: Int) {\n    searchRequesters(query: $query, purpose: $purpose, first: $first) {\n      id\n      kind\n    }\n  }\n':
    types.SearchRequestersIdsDocument,
  '\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      id\n    }\n  }\n':
    types.CreateCampaignDocument,
  '\n  query CampaignReadability($text: String!) {\n    campaignReadability(text: $text) {\n      gulpease\n      level\n      words\n      sentences\n      suggestions\n    }\n  }\n':
    types.CampaignReadabilityDocument,
  '\n  query CampaignSegmentPreview($segment: CampaignSegmentInput!, $channel: CampaignChannel!) {\n    campaignSegmentPreview(segment: $segment, channel: $channel) {\n      count\n      consenting\n      excludedDoNotContact\n      excludedAnonymised\n      excludedNotInSegment\n    }\n  }\n':
    types.CampaignSegmentPreviewDocument,
  '\n  query CampaignList($status: CampaignStatus, $first: Int) {\n    campaigns(status: $status, first: $first) {\n      id\n      title\n      status\n      startsAt\n      channels\n      authorId\n      deliveryStats {\n        sent\n        delivered\n        bounced\n      }\n    }\n  }\n':
    types.CampaignListDocument,
  '\n  query CampaignDetail($id: ID!) {\n    campaign(id: $id) {\n      id\n      revision\n      title\n      goal\n      topics\n      channels\n      segment {\n        topics\n        areas\n        servicesUsed\n      }\n      steps {\n        stepId\n        channel\n        waitHours\n        subject\n        body\n        dueAt\n        readability {\n          gulpease\n          level\n          suggestions\n        }\n        progress {\n          startedAt\n          completedAt\n          recipients\n          sent\n          bounced\n          skipped\n        }\n      }\n      startsAt\n      endsAt\n      ownerId\n      authorId\n      status\n      approvedBy\n      approvedAt\n      launchedAt\n      completedAt\n      history {\n        action\n        by\n        at\n        note\n      }\n      deliveryStats {\n        queued\n        sent\n        delivered\n        bounced\n        opened\n        clicked\n        unsubscribed\n      }\n      effect {\n        changeDuringVsBeforePercent\n        changeDuringVsPreviousYearPercent\n        windows {\n          label\n          from\n          to\n          complete\n          contactsOnTopics\n          sheetUsage\n          allContacts\n          previousYear {\n            contactsOnTopics\n          }\n        }\n      }\n    }\n  }\n':
    types.CampaignDetailDocument,
  '\n  mutation SubmitCampaign($id: ID!) {\n    submitCampaign(id: $id) {\n      id\n      status\n    }\n  }\n':
    types.SubmitCampaignDocument,
  '\n  mutation ApproveCampaign($id: ID!) {\n    approveCampaign(id: $id) {\n      id\n      status\n    }\n  }\n':
    types.ApproveCampaignDocument,
  '\n  mutation RejectCampaign($id: ID!, $reason: String!) {\n    rejectCampaign(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n':
    types.RejectCampaignDocument,
  '\n  mutation ScheduleCampaign($id: ID!, $startsAt: String) {\n    scheduleCampaign(id: $id, startsAt: $startsAt) {\n      id\n      status\n    }\n  }\n':
    types.ScheduleCampaignDocument,
  '\n  mutation UnscheduleCampaign($id: ID!) {\n    unscheduleCampaign(id: $id) {\n      id\n      status\n    }\n  }\n':
    types.UnscheduleCampaignDocument,
  '\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) {\n      id\n      status\n    }\n  }\n':
    types.PauseCampaignDocument,
  '\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) {\n      id\n      status\n    }\n  }\n':
    types.ResumeCampaignDocument,
  '\n  mutation CompleteCampaign($id: ID!) {\n    completeCampaign(id: $id) {\n      id\n      status\n    }\n  }\n':
    types.CompleteCampaignDocument,
  '\n  mutation ArchiveCampaign($id: ID!) {\n    archiveCampaign(id: $id) {\n      id\n      status\n    }\n  }\n':
    types.ArchiveCampaignDocument,
  '\n  query CaseDetail($id: ID!) {\n    case(id: $id) {\n      id\n      protocolNumber\n      type\n      channel\n      status\n      statusLabel\n      priority\n      officeName\n      referentName\n      openedAt\n      dueAt\n      overdue\n      suspended\n      suspendedDays\n      closedAt\n      outcome\n      withinTerm\n      contact {\n        subject\n        text\n      }\n      history {\n        at\n        by\n        action\n        detail\n        dueAt\n      }\n      notes {\n        id\n        at\n        by\n        text\n      }\n      messages {\n        id\n        at\n        by\n        text\n        request\n      }\n      alerts\n      procedureStartRefusal {\n        code\n        reason\n        procedureTypeCode\n        at\n      }\n      deliveries {\n        notificationId\n        channel\n        template\n        status\n        code\n        attempts\n        at\n      }\n    }\n    cannedReplies(caseId: $id) {\n      templateId\n      title\n      text\n      missingPlaceholders\n    }\n  }\n':
    types.CaseDetailDocument,
  '\n  mutation SendCaseMessage($input: SendCaseMessageInput!) {\n    sendCaseMessage(input: $input) {\n      id\n    }\n  }\n':
    types.SendCaseMessageDocument,
  '\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      id\n    }\n  }\n':
    types.AddCaseNoteDocument,
  '\n  mutation SuspendCase($input: SuspendCaseInput!) {\n    suspendCase(input: $input) {\n      id\n    }\n  }\n':
    types.SuspendCaseDocument,
  '\n  mutation ResumeCase($input: CaseIdInput!) {\n    resumeCase(input: $input) {\n      id\n    }\n  }\n':
    types.ResumeCaseDocument,
  '\n  mutation CloseCase($input: CloseCaseInput!) {\n    closeCase(input: $input) {\n      id\n    }\n  }\n':
    types.CloseCaseDocument,
  '\n  mutation RouteCase($input: RouteCaseInput!) {\n    routeCase(input: $input) {\n      id\n    }\n  }\n':
    types.RouteCaseDocument,
  '\n  mutation ReopenCase($input: ReopenCaseInput!) {\n    reopenCase(input: $input) {\n      id\n    }\n  }\n':
    types.ReopenCaseDocument,
  '\n  query CaseDirectory {\n    offices {\n      id\n      name\n      active\n      referents {\n        id\n        name\n        staffId\n        active\n      }\n    }\n  }\n':
    types.CaseDirectoryDocument,
  '\n  query DashboardIndicators($filter: IndicatorFilter) {\n    contactVolumes(filter: $filter) {\n      month\n      channel\n      contactType\n      contacts\n    }\n    firstContactResolution(filter: $filter) {\n      month\n      closed\n      resolvedAtFirstContact\n    }\n    backlog(filter: $filter) {\n      officeId\n      open\n      overdue\n      suspended\n    }\n    caseTimes(filter: $filter, groupBy: NONE) {\n      key\n      closed\n      withinTermShare\n      closureMedianDays\n      closureP90Days\n      firstResponseMedianDays\n      belowMinimumSample\n    }\n    satisfactionIndicators(filter: $filter, groupBy: NONE) {\n      key\n      answered\n      responseRate\n      satisfiedShare\n      neutralShare\n      dissatisfiedShare\n      meanStars\n      belowMinimumSample\n    }\n  }\n':
    types.DashboardIndicatorsDocument,
  '\n  query OfficeNames {\n    offices {\n      id\n      name\n    }\n  }\n': types.OfficeNamesDocument,
  '\n  query ImprovementBoard {\n    satisfactionAlerts(first: 50) {\n      id\n      scope\n      scopeId\n      measure\n      value\n      threshold\n      sampleSize\n      windowStart\n      windowEnd\n      raisedAt\n    }\n    improvementActions(first: 50) {\n      id\n      alertId\n      scope\n      scopeId\n      title\n      description\n      status\n      dueAt\n      revision\n      createdAt\n    }\n  }\n':
    types.ImprovementBoardDocument,
  '\n  mutation ProposeImprovementAction($input: ProposeImprovementActionInput!) {\n    proposeImprovementAction(input: $input) {\n      id\n      status\n    }\n  }\n':
    types.ProposeImprovementActionDocument,
  '\n  mutation ChangeImprovementAction($input: ChangeImprovementActionInput!) {\n    changeImprovementAction(input: $input) {\n      id\n      status\n      revision\n    }\n  }\n':
    types.ChangeImprovementActionDocument,
  '\n  query KbForms {\n    forms(first: 100) {\n      id\n      code\n      title\n      status\n      revision\n      version\n      versions {\n        version\n        revision\n        publishedAt\n      }\n    }\n  }\n':
    types.KbFormsDocument,
  '\n  query KbFormVersions($id: ID!) {\n    form(id: $id) {\n      id\n      versions {\n        version\n        revision\n        title\n        publishedAt\n        fields {\n          name\n          label\n          type\n          required\n        }\n      }\n    }\n  }\n':
    types.KbFormVersionsDocument,
  '\n  query KbTemplates($kind: ReplyTemplateKind, $status: ContentStatus) {\n    replyTemplates(kind: $kind, status: $status, first: 200) {\n      id\n      code\n      kind\n      title\n      body\n      placeholders\n      caseStatus\n      category\n      status\n      revision\n      origin\n    }\n  }\n':
    types.KbTemplatesDocument,
  '\n  mutation KbSubmitContent($input: ContentActionInput!) {\n    submitContent(input: $input) {\n      status\n    }\n  }\n':
    types.KbSubmitContentDocument,
  '\n  mutation KbApproveContent($input: ApproveContentInput!) {\n    approveContent(input: $input) {\n      status\n    }\n  }\n':
    types.KbApproveContentDocument,
  '\n  fragment RejectionNoticeItem on ProcedureRejectionNotice {\n    sentOn\n    reasons\n    receivedOn\n    observationsOn\n    observations\n  }\n':
    types.RejectionNoticeItemFragmentDoc,
  '\n  query ProcedureDetail($id: ID!) {\n    procedure(id: $id) {\n      id\n      typeName\n      kind\n      subject\n      protocolNumber\n      status\n      phase\n      receivedOn\n      responsibleName\n      officeId\n      officeName\n      permittedActs\n      legalTermDays\n      dueDate\n      latestDueDate\n      suspendedDays\n      overdue\n      type {\n        initiative\n        rejectionNoticeRequired\n      }\n      suspensions {\n        id\n        kind\n        reason\n        start\n        end\n        endedByLaw\n      }\n      decision {\n        outcome\n        reasons\n        decidedOn\n        withinTerm\n      }\n      substitute {\n        engagedOn\n        termDays\n        dueDate\n        ordinaryDueDate\n      }\n      rejectionNotice {\n        ...RejectionNoticeItem\n      }\n      earlierRejectionNotices {\n        ...RejectionNoticeItem\n      }\n      timeline {\n        at\n        type\n        summary\n        by\n        dueDate\n        previousDueDate\n      }\n    }\n  }\n':
    types.ProcedureDetailDocument,
  '\n  query ProcedureStartNotice($id: ID!) {\n    procedureStartNotice(id: $id) {\n      text\n    }\n  }\n':
    types.ProcedureStartNoticeDocument,
  '\n  query ProcedureNotices($id: ID!) {\n    procedure(id: $id) {\n      id\n      documents {\n        id\n        kind\n        title\n        createdAt\n        dueOn\n        notificationId\n        downloadUrl\n        delivery {\n          status\n          channel\n          code\n          at\n        }\n      }\n    }\n  }\n':
    types.ProcedureNoticesDocument,
  '\n  query ProcedureSuspensionKinds {\n    suspensionKinds {\n      code\n      label\n      maxDays\n    }\n  }\n':
    types.ProcedureSuspensionKindsDocument,
  '\n  mutation SuspendProcedure($id: ID!, $input: SuspendProcedureInput!) {\n    suspendProcedure(id: $id, input: $input) {\n      id\n    }\n  }\n':
    types.SuspendProcedureDocument,
  '\n  mutation ResumeProcedure($id: ID!, $suspensionId: ID!, $on: String) {\n    resumeProcedure(id: $id, suspensionId: $suspensionId, on: $on) {\n      id\n    }\n  }\n':
    types.ResumeProcedureDocument,
  '\n  mutation SendRejectionNotice($id: ID!, $reasons: String!, $on: String) {\n    sendRejectionNotice(id: $id, reasons: $reasons, on: $on) {\n      id\n    }\n  }\n':
    types.SendRejectionNoticeDocument,
  '\n  mutation ReceiveObservations($id: ID!, $on: String, $text: String) {\n    receiveObservations(id: $id, on: $on, text: $text) {\n      id\n    }\n  }\n':
    types.ReceiveObservationsDocument,
  '\n  mutation DecideProcedure($id: ID!, $input: DecideProcedureInput!) {\n    decideProcedure(id: $id, input: $input) {\n      id\n    }\n  }\n':
    types.DecideProcedureDocument,
  '\n  fragment DeskItem on ProcedureDeskItem {\n    id\n    typeName\n    subject\n    protocolNumber\n    status\n    dueDate\n    latestDueDate\n    daysLeft\n    undeliveredNotices\n  }\n':
    types.DeskItemFragmentDoc,
  '\n  fragment DeskPage on ProcedureDeskPage {\n    totalCount\n    endCursor\n    hasNextPage\n    items {\n      ...DeskItem\n    }\n  }\n':
    types.DeskPageFragmentDoc,
  '\n  query ProcedureDesk {\n    procedureDesk(first: 1) {\n      responsibleId\n      total\n    }\n    byNextDeadline: procedureDeskList(list: byNextDeadline, first: 20) {\n      ...DeskPage\n    }\n    overdue: procedureDeskList(list: overdue, first: 20) {\n      ...DeskPage\n    }\n    suspended: procedureDeskList(list: suspended, first: 20) {\n      ...DeskPage\n    }\n    silentAssentForming: procedureDeskList(list: silentAssentForming, first: 20) {\n      ...DeskPage\n    }\n    undelivered: procedureDeskList(list: undelivered, first: 20) {\n      ...DeskPage\n    }\n  }\n':
    types.ProcedureDeskDocument,
  '\n  query ProcedureDeskMore($list: ProcedureDeskList!, $first: Int!, $after: String) {\n    procedureDeskList(list: $list, first: $first, after: $after) {\n      ...DeskPage\n    }\n  }\n':
    types.ProcedureDeskMoreDocument,
  '\n  query CaseQueue($filter: CaseQueueFilter, $first: Int, $after: String) {\n    caseQueue(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          protocolNumber\n          type\n          statusLabel\n          priority\n          dueAt\n          overdue\n          suspended\n          officeName\n          referentName\n          alerts\n          contact {\n            subject\n          }\n        }\n      }\n    }\n  }\n':
    types.CaseQueueDocument,
  '\n  query MyReferent {\n    referents {\n      id\n      staffId\n      officeId\n      office {\n        name\n      }\n    }\n  }\n':
    types.MyReferentDocument,
  '\n  query SheetForEdit($id: ID!) {\n    sheet(id: $id) {\n      id\n      slug\n      status\n      revision\n      publishedRevision\n      reviewDueAt\n      reviewOverdue\n      revisions {\n        revision\n        author\n        at\n        note\n      }\n      workingCopy {\n        title\n        shortDescription\n        whoIsItFor\n        howTo\n        whatYouNeed\n        whatYouGet\n        timesAndDeadlines\n        responseTimeDays\n        costs\n        accessChannels {\n          channel\n          description\n          url\n          requiresSpidCie\n          bookingRequired\n        }\n        officeIds\n        offices {\n          name\n        }\n        specialCases\n        moreInfo\n        attachments {\n          title\n          url\n          formCode\n        }\n        conditions\n        category\n        lifeEvents\n        topics\n        procedureTypeCode\n        citizenWords\n        audience\n        ownerReferentId\n        reviewIntervalMonths\n      }\n    }\n  }\n':
    types.SheetForEditDocument,
  '\n  mutation EditSheet($input: EditSheetInput!) {\n    editSheet(input: $input) {\n      id\n      status\n      revision\n    }\n  }\n':
    types.EditSheetDocument,
  '\n  mutation SubmitSheet($input: ContentActionInput!) {\n    submitContent(input: $input) {\n      status\n      revision\n    }\n  }\n':
    types.SubmitSheetDocument,
  '\n  query SheetDiff($id: ID!, $from: Int!, $to: Int!) {\n    sheet(id: $id) {\n      id\n      diff(from: $from, to: $to) {\n        field\n        before\n        after\n        lines {\n          op\n          text\n        }\n      }\n    }\n  }\n':
    types.SheetDiffDocument,
  '\n  query SheetList($filter: SheetListFilter, $first: Int!, $after: String) {\n    sheetList(filter: $filter, first: $first, after: $after) {\n      totalCount\n      endCursor\n      hasNextPage\n      items {\n        id\n        slug\n        title\n        category\n        status\n        revision\n        publishedRevision\n        reviewDueAt\n        reviewOverdue\n        owner {\n          name\n        }\n      }\n    }\n  }\n':
    types.SheetListDocument,
  '\n  mutation ApproveSheet($input: ApproveContentInput!) {\n    approveContent(input: $input) {\n      status\n      revision\n      publishedRevision\n    }\n  }\n':
    types.ApproveSheetDocument,
  '\n  query DeskData {\n    offices {\n      id\n      name\n      referents {\n        id\n        name\n        active\n      }\n    }\n    duePolicy {\n      contactType\n      categoryLevel1\n      days\n      workingDays\n    }\n  }\n':
    types.DeskDataDocument,
  '\n  query DeskHolidays($year: Int!, $next: Int!) {\n    thisYear: legalHolidays(year: $year) {\n      date\n    }\n    nextYear: legalHolidays(year: $next) {\n      date\n    }\n  }\n':
    types.DeskHolidaysDocument,
  '\n  query DeskDuplicates($input: DuplicateProbeInput!) {\n    duplicateSuggestions(input: $input) {\n      score\n      ageDays\n      reasons\n      case {\n        id\n        protocolNumber\n        statusLabel\n        officeName\n      }\n    }\n  }\n':
    types.DeskDuplicatesDocument,
  '\n  mutation DeskMarkDuplicate($input: MarkDuplicateInput!) {\n    markDuplicate(input: $input) {\n      id\n      status\n      duplicateOf\n    }\n  }\n':
    types.DeskMarkDuplicateDocument,
  '\n  query ContactSurvey($id: ID!) {\n    contact(id: $id) {\n      id\n      surveyInvitation {\n        id\n        status\n        channel\n        expiresAt\n      }\n    }\n  }\n':
    types.ContactSurveyDocument,
  '\n  query KbSearch($query: String!) {\n    publicSearch(query: $query, first: 5) {\n      total\n      hits {\n        score\n        sheet {\n          id\n          slug\n          title\n          shortDescription\n          category\n          content {\n            officeIds\n          }\n        }\n      }\n    }\n  }\n':
    types.KbSearchDocument,
  '\n  query DeskProcedureTypes {\n    procedureTypes(activeOnly: true) {\n      code\n      name\n      officeName\n      legalTermDays\n      initiative\n    }\n  }\n':
    types.DeskProcedureTypesDocument,
  '\n  query DeskProcedureStart($id: ID!) {\n    contact(id: $id) {\n      id\n      procedureStart {\n        status\n        statusLabel\n        refusalReason\n      }\n    }\n  }\n':
    types.DeskProcedureStartDocument,
  '\n  mutation CreateRequester($input: RequesterInput!) {\n    createRequester(input: $input) {\n      id\n      kind\n    }\n  }\n':
    types.CreateRequesterDocument,
  '\n  mutation RegisterContact($input: RegisterContactInput!) {\n    registerContactWithSuggestions(input: $input) {\n      contact {\n        id\n        status\n        subject\n        protocolNumber\n        receiptCode\n        statusPageUrl\n        channel\n        resolvedAtFirstContact\n        sheetIds\n        type\n        procedureTypeCode\n        case {\n          id\n          protocolNumber\n          dueAt\n          officeName\n          referentName\n          statusLabel\n        }\n      }\n      duplicates {\n        score\n        ageDays\n        reasons\n        case {\n          id\n          protocolNumber\n          statusLabel\n        }\n      }\n    }\n  }\n':
    types.RegisterContactDocument,
  '\n  mutation SendWeeklyBulletin($periodEnd: String) {\n    sendWeeklyBulletins(periodEnd: $periodEnd) {\n      periodStart\n      periodEnd\n      sent\n      skipped\n    }\n  }\n':
    types.SendWeeklyBulletinDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SearchRequestersPersonal($query: String!, $purpose: String!, $first: Int) {\n    searchRequesters(query: $query, purpose: $purpose, first: $first) {\n      id\n      kind\n      createdAt\n      personalData(purpose: $purpose) {\n        name\n        fiscalCode\n        email\n        pec\n        phone\n      }\n    }\n  }\n',
): typeof import('./graphql').SearchRequestersPersonalDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SearchRequestersIds($query: String!, $purpose: String!, $first: Int) {\n    searchRequesters(query: $query, purpose: $purpose, first: $first) {\n      id\n      kind\n    }\n  }\n',
): typeof import('./graphql').SearchRequestersIdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').CreateCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CampaignReadability($text: String!) {\n    campaignReadability(text: $text) {\n      gulpease\n      level\n      words\n      sentences\n      suggestions\n    }\n  }\n',
): typeof import('./graphql').CampaignReadabilityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CampaignSegmentPreview($segment: CampaignSegmentInput!, $channel: CampaignChannel!) {\n    campaignSegmentPreview(segment: $segment, channel: $channel) {\n      count\n      consenting\n      excludedDoNotContact\n      excludedAnonymised\n      excludedNotInSegment\n    }\n  }\n',
): typeof import('./graphql').CampaignSegmentPreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CampaignList($status: CampaignStatus, $first: Int) {\n    campaigns(status: $status, first: $first) {\n      id\n      title\n      status\n      startsAt\n      channels\n      authorId\n      deliveryStats {\n        sent\n        delivered\n        bounced\n      }\n    }\n  }\n',
): typeof import('./graphql').CampaignListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CampaignDetail($id: ID!) {\n    campaign(id: $id) {\n      id\n      revision\n      title\n      goal\n      topics\n      channels\n      segment {\n        topics\n        areas\n        servicesUsed\n      }\n      steps {\n        stepId\n        channel\n        waitHours\n        subject\n        body\n        dueAt\n        readability {\n          gulpease\n          level\n          suggestions\n        }\n        progress {\n          startedAt\n          completedAt\n          recipients\n          sent\n          bounced\n          skipped\n        }\n      }\n      startsAt\n      endsAt\n      ownerId\n      authorId\n      status\n      approvedBy\n      approvedAt\n      launchedAt\n      completedAt\n      history {\n        action\n        by\n        at\n        note\n      }\n      deliveryStats {\n        queued\n        sent\n        delivered\n        bounced\n        opened\n        clicked\n        unsubscribed\n      }\n      effect {\n        changeDuringVsBeforePercent\n        changeDuringVsPreviousYearPercent\n        windows {\n          label\n          from\n          to\n          complete\n          contactsOnTopics\n          sheetUsage\n          allContacts\n          previousYear {\n            contactsOnTopics\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').CampaignDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SubmitCampaign($id: ID!) {\n    submitCampaign(id: $id) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').SubmitCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ApproveCampaign($id: ID!) {\n    approveCampaign(id: $id) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').ApproveCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RejectCampaign($id: ID!, $reason: String!) {\n    rejectCampaign(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').RejectCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ScheduleCampaign($id: ID!, $startsAt: String) {\n    scheduleCampaign(id: $id, startsAt: $startsAt) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').ScheduleCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation UnscheduleCampaign($id: ID!) {\n    unscheduleCampaign(id: $id) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').UnscheduleCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').PauseCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').ResumeCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CompleteCampaign($id: ID!) {\n    completeCampaign(id: $id) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').CompleteCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ArchiveCampaign($id: ID!) {\n    archiveCampaign(id: $id) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').ArchiveCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CaseDetail($id: ID!) {\n    case(id: $id) {\n      id\n      protocolNumber\n      type\n      channel\n      status\n      statusLabel\n      priority\n      officeName\n      referentName\n      openedAt\n      dueAt\n      overdue\n      suspended\n      suspendedDays\n      closedAt\n      outcome\n      withinTerm\n      contact {\n        subject\n        text\n      }\n      history {\n        at\n        by\n        action\n        detail\n        dueAt\n      }\n      notes {\n        id\n        at\n        by\n        text\n      }\n      messages {\n        id\n        at\n        by\n        text\n        request\n      }\n      alerts\n      procedureStartRefusal {\n        code\n        reason\n        procedureTypeCode\n        at\n      }\n      deliveries {\n        notificationId\n        channel\n        template\n        status\n        code\n        attempts\n        at\n      }\n    }\n    cannedReplies(caseId: $id) {\n      templateId\n      title\n      text\n      missingPlaceholders\n    }\n  }\n',
): typeof import('./graphql').CaseDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SendCaseMessage($input: SendCaseMessageInput!) {\n    sendCaseMessage(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').SendCaseMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').AddCaseNoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SuspendCase($input: SuspendCaseInput!) {\n    suspendCase(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').SuspendCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ResumeCase($input: CaseIdInput!) {\n    resumeCase(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').ResumeCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CloseCase($input: CloseCaseInput!) {\n    closeCase(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').CloseCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RouteCase($input: RouteCaseInput!) {\n    routeCase(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').RouteCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ReopenCase($input: ReopenCaseInput!) {\n    reopenCase(input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').ReopenCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CaseDirectory {\n    offices {\n      id\n      name\n      active\n      referents {\n        id\n        name\n        staffId\n        active\n      }\n    }\n  }\n',
): typeof import('./graphql').CaseDirectoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DashboardIndicators($filter: IndicatorFilter) {\n    contactVolumes(filter: $filter) {\n      month\n      channel\n      contactType\n      contacts\n    }\n    firstContactResolution(filter: $filter) {\n      month\n      closed\n      resolvedAtFirstContact\n    }\n    backlog(filter: $filter) {\n      officeId\n      open\n      overdue\n      suspended\n    }\n    caseTimes(filter: $filter, groupBy: NONE) {\n      key\n      closed\n      withinTermShare\n      closureMedianDays\n      closureP90Days\n      firstResponseMedianDays\n      belowMinimumSample\n    }\n    satisfactionIndicators(filter: $filter, groupBy: NONE) {\n      key\n      answered\n      responseRate\n      satisfiedShare\n      neutralShare\n      dissatisfiedShare\n      meanStars\n      belowMinimumSample\n    }\n  }\n',
): typeof import('./graphql').DashboardIndicatorsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query OfficeNames {\n    offices {\n      id\n      name\n    }\n  }\n',
): typeof import('./graphql').OfficeNamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ImprovementBoard {\n    satisfactionAlerts(first: 50) {\n      id\n      scope\n      scopeId\n      measure\n      value\n      threshold\n      sampleSize\n      windowStart\n      windowEnd\n      raisedAt\n    }\n    improvementActions(first: 50) {\n      id\n      alertId\n      scope\n      scopeId\n      title\n      description\n      status\n      dueAt\n      revision\n      createdAt\n    }\n  }\n',
): typeof import('./graphql').ImprovementBoardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ProposeImprovementAction($input: ProposeImprovementActionInput!) {\n    proposeImprovementAction(input: $input) {\n      id\n      status\n    }\n  }\n',
): typeof import('./graphql').ProposeImprovementActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ChangeImprovementAction($input: ChangeImprovementActionInput!) {\n    changeImprovementAction(input: $input) {\n      id\n      status\n      revision\n    }\n  }\n',
): typeof import('./graphql').ChangeImprovementActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query KbForms {\n    forms(first: 100) {\n      id\n      code\n      title\n      status\n      revision\n      version\n      versions {\n        version\n        revision\n        publishedAt\n      }\n    }\n  }\n',
): typeof import('./graphql').KbFormsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query KbFormVersions($id: ID!) {\n    form(id: $id) {\n      id\n      versions {\n        version\n        revision\n        title\n        publishedAt\n        fields {\n          name\n          label\n          type\n          required\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').KbFormVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query KbTemplates($kind: ReplyTemplateKind, $status: ContentStatus) {\n    replyTemplates(kind: $kind, status: $status, first: 200) {\n      id\n      code\n      kind\n      title\n      body\n      placeholders\n      caseStatus\n      category\n      status\n      revision\n      origin\n    }\n  }\n',
): typeof import('./graphql').KbTemplatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation KbSubmitContent($input: ContentActionInput!) {\n    submitContent(input: $input) {\n      status\n    }\n  }\n',
): typeof import('./graphql').KbSubmitContentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation KbApproveContent($input: ApproveContentInput!) {\n    approveContent(input: $input) {\n      status\n    }\n  }\n',
): typeof import('./graphql').KbApproveContentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment RejectionNoticeItem on ProcedureRejectionNotice {\n    sentOn\n    reasons\n    receivedOn\n    observationsOn\n    observations\n  }\n',
): typeof import('./graphql').RejectionNoticeItemFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProcedureDetail($id: ID!) {\n    procedure(id: $id) {\n      id\n      typeName\n      kind\n      subject\n      protocolNumber\n      status\n      phase\n      receivedOn\n      responsibleName\n      officeId\n      officeName\n      permittedActs\n      legalTermDays\n      dueDate\n      latestDueDate\n      suspendedDays\n      overdue\n      type {\n        initiative\n        rejectionNoticeRequired\n      }\n      suspensions {\n        id\n        kind\n        reason\n        start\n        end\n        endedByLaw\n      }\n      decision {\n        outcome\n        reasons\n        decidedOn\n        withinTerm\n      }\n      substitute {\n        engagedOn\n        termDays\n        dueDate\n        ordinaryDueDate\n      }\n      rejectionNotice {\n        ...RejectionNoticeItem\n      }\n      earlierRejectionNotices {\n        ...RejectionNoticeItem\n      }\n      timeline {\n        at\n        type\n        summary\n        by\n        dueDate\n        previousDueDate\n      }\n    }\n  }\n',
): typeof import('./graphql').ProcedureDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProcedureStartNotice($id: ID!) {\n    procedureStartNotice(id: $id) {\n      text\n    }\n  }\n',
): typeof import('./graphql').ProcedureStartNoticeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProcedureNotices($id: ID!) {\n    procedure(id: $id) {\n      id\n      documents {\n        id\n        kind\n        title\n        createdAt\n        dueOn\n        notificationId\n        downloadUrl\n        delivery {\n          status\n          channel\n          code\n          at\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').ProcedureNoticesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProcedureSuspensionKinds {\n    suspensionKinds {\n      code\n      label\n      maxDays\n    }\n  }\n',
): typeof import('./graphql').ProcedureSuspensionKindsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SuspendProcedure($id: ID!, $input: SuspendProcedureInput!) {\n    suspendProcedure(id: $id, input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').SuspendProcedureDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ResumeProcedure($id: ID!, $suspensionId: ID!, $on: String) {\n    resumeProcedure(id: $id, suspensionId: $suspensionId, on: $on) {\n      id\n    }\n  }\n',
): typeof import('./graphql').ResumeProcedureDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SendRejectionNotice($id: ID!, $reasons: String!, $on: String) {\n    sendRejectionNotice(id: $id, reasons: $reasons, on: $on) {\n      id\n    }\n  }\n',
): typeof import('./graphql').SendRejectionNoticeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ReceiveObservations($id: ID!, $on: String, $text: String) {\n    receiveObservations(id: $id, on: $on, text: $text) {\n      id\n    }\n  }\n',
): typeof import('./graphql').ReceiveObservationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation DecideProcedure($id: ID!, $input: DecideProcedureInput!) {\n    decideProcedure(id: $id, input: $input) {\n      id\n    }\n  }\n',
): typeof import('./graphql').DecideProcedureDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment DeskItem on ProcedureDeskItem {\n    id\n    typeName\n    subject\n    protocolNumber\n    status\n    dueDate\n    latestDueDate\n    daysLeft\n    undeliveredNotices\n  }\n',
): typeof import('./graphql').DeskItemFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment DeskPage on ProcedureDeskPage {\n    totalCount\n    endCursor\n    hasNextPage\n    items {\n      ...DeskItem\n    }\n  }\n',
): typeof import('./graphql').DeskPageFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProcedureDesk {\n    procedureDesk(first: 1) {\n      responsibleId\n      total\n    }\n    byNextDeadline: procedureDeskList(list: byNextDeadline, first: 20) {\n      ...DeskPage\n    }\n    overdue: procedureDeskList(list: overdue, first: 20) {\n      ...DeskPage\n    }\n    suspended: procedureDeskList(list: suspended, first: 20) {\n      ...DeskPage\n    }\n    silentAssentForming: procedureDeskList(list: silentAssentForming, first: 20) {\n      ...DeskPage\n    }\n    undelivered: procedureDeskList(list: undelivered, first: 20) {\n      ...DeskPage\n    }\n  }\n',
): typeof import('./graphql').ProcedureDeskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ProcedureDeskMore($list: ProcedureDeskList!, $first: Int!, $after: String) {\n    procedureDeskList(list: $list, first: $first, after: $after) {\n      ...DeskPage\n    }\n  }\n',
): typeof import('./graphql').ProcedureDeskMoreDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CaseQueue($filter: CaseQueueFilter, $first: Int, $after: String) {\n    caseQueue(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          protocolNumber\n          type\n          statusLabel\n          priority\n          dueAt\n          overdue\n          suspended\n          officeName\n          referentName\n          alerts\n          contact {\n            subject\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').CaseQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query MyReferent {\n    referents {\n      id\n      staffId\n      officeId\n      office {\n        name\n      }\n    }\n  }\n',
): typeof import('./graphql').MyReferentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SheetForEdit($id: ID!) {\n    sheet(id: $id) {\n      id\n      slug\n      status\n      revision\n      publishedRevision\n      reviewDueAt\n      reviewOverdue\n      revisions {\n        revision\n        author\n        at\n        note\n      }\n      workingCopy {\n        title\n        shortDescription\n        whoIsItFor\n        howTo\n        whatYouNeed\n        whatYouGet\n        timesAndDeadlines\n        responseTimeDays\n        costs\n        accessChannels {\n          channel\n          description\n          url\n          requiresSpidCie\n          bookingRequired\n        }\n        officeIds\n        offices {\n          name\n        }\n        specialCases\n        moreInfo\n        attachments {\n          title\n          url\n          formCode\n        }\n        conditions\n        category\n        lifeEvents\n        topics\n        procedureTypeCode\n        citizenWords\n        audience\n        ownerReferentId\n        reviewIntervalMonths\n      }\n    }\n  }\n',
): typeof import('./graphql').SheetForEditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation EditSheet($input: EditSheetInput!) {\n    editSheet(input: $input) {\n      id\n      status\n      revision\n    }\n  }\n',
): typeof import('./graphql').EditSheetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SubmitSheet($input: ContentActionInput!) {\n    submitContent(input: $input) {\n      status\n      revision\n    }\n  }\n',
): typeof import('./graphql').SubmitSheetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SheetDiff($id: ID!, $from: Int!, $to: Int!) {\n    sheet(id: $id) {\n      id\n      diff(from: $from, to: $to) {\n        field\n        before\n        after\n        lines {\n          op\n          text\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').SheetDiffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query SheetList($filter: SheetListFilter, $first: Int!, $after: String) {\n    sheetList(filter: $filter, first: $first, after: $after) {\n      totalCount\n      endCursor\n      hasNextPage\n      items {\n        id\n        slug\n        title\n        category\n        status\n        revision\n        publishedRevision\n        reviewDueAt\n        reviewOverdue\n        owner {\n          name\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').SheetListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ApproveSheet($input: ApproveContentInput!) {\n    approveContent(input: $input) {\n      status\n      revision\n      publishedRevision\n    }\n  }\n',
): typeof import('./graphql').ApproveSheetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DeskData {\n    offices {\n      id\n      name\n      referents {\n        id\n        name\n        active\n      }\n    }\n    duePolicy {\n      contactType\n      categoryLevel1\n      days\n      workingDays\n    }\n  }\n',
): typeof import('./graphql').DeskDataDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DeskHolidays($year: Int!, $next: Int!) {\n    thisYear: legalHolidays(year: $year) {\n      date\n    }\n    nextYear: legalHolidays(year: $next) {\n      date\n    }\n  }\n',
): typeof import('./graphql').DeskHolidaysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DeskDuplicates($input: DuplicateProbeInput!) {\n    duplicateSuggestions(input: $input) {\n      score\n      ageDays\n      reasons\n      case {\n        id\n        protocolNumber\n        statusLabel\n        officeName\n      }\n    }\n  }\n',
): typeof import('./graphql').DeskDuplicatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation DeskMarkDuplicate($input: MarkDuplicateInput!) {\n    markDuplicate(input: $input) {\n      id\n      status\n      duplicateOf\n    }\n  }\n',
): typeof import('./graphql').DeskMarkDuplicateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ContactSurvey($id: ID!) {\n    contact(id: $id) {\n      id\n      surveyInvitation {\n        id\n        status\n        channel\n        expiresAt\n      }\n    }\n  }\n',
): typeof import('./graphql').ContactSurveyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query KbSearch($query: String!) {\n    publicSearch(query: $query, first: 5) {\n      total\n      hits {\n        score\n        sheet {\n          id\n          slug\n          title\n          shortDescription\n          category\n          content {\n            officeIds\n          }\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').KbSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DeskProcedureTypes {\n    procedureTypes(activeOnly: true) {\n      code\n      name\n      officeName\n      legalTermDays\n      initiative\n    }\n  }\n',
): typeof import('./graphql').DeskProcedureTypesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query DeskProcedureStart($id: ID!) {\n    contact(id: $id) {\n      id\n      procedureStart {\n        status\n        statusLabel\n        refusalReason\n      }\n    }\n  }\n',
): typeof import('./graphql').DeskProcedureStartDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateRequester($input: RequesterInput!) {\n    createRequester(input: $input) {\n      id\n      kind\n    }\n  }\n',
): typeof import('./graphql').CreateRequesterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RegisterContact($input: RegisterContactInput!) {\n    registerContactWithSuggestions(input: $input) {\n      contact {\n        id\n        status\n        subject\n        protocolNumber\n        receiptCode\n        statusPageUrl\n        channel\n        resolvedAtFirstContact\n        sheetIds\n        type\n        procedureTypeCode\n        case {\n          id\n          protocolNumber\n          dueAt\n          officeName\n          referentName\n          statusLabel\n        }\n      }\n      duplicates {\n        score\n        ageDays\n        reasons\n        case {\n          id\n          protocolNumber\n          statusLabel\n        }\n      }\n    }\n  }\n',
): typeof import('./graphql').RegisterContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SendWeeklyBulletin($periodEnd: String) {\n    sendWeeklyBulletins(periodEnd: $periodEnd) {\n      periodStart\n      periodEnd\n      sent\n      skipped\n    }\n  }\n',
): typeof import('./graphql').SendWeeklyBulletinDocument;

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
